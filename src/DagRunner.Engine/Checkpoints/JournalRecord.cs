using System;
using System.IO;
using System.Text.Json;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>What one journal line says happened.</summary>
    internal enum JournalRecordType
    {
        NodeStarted,
        NodeFinished,
        RunFinished,
    }

    /// <summary>
    /// One line of the journal: <c>{"seq":7,"run":"…","type":"nodeFinished",…}</c>. Each carries the run id and a
    /// sequence number, so a reader applies exactly the records its snapshot does not hold yet.
    /// </summary>
    internal sealed class JournalRecord
    {
        // Written in every line: encoded once, not escaped and transcoded for each record.
        private static readonly JsonEncodedText SequenceField = JsonEncodedText.Encode("seq");
        private static readonly JsonEncodedText RunField = JsonEncodedText.Encode("run");
        private static readonly JsonEncodedText TypeField = JsonEncodedText.Encode("type");
        private static readonly JsonEncodedText NodeField = JsonEncodedText.Encode("node");
        private static readonly JsonEncodedText AttemptField = JsonEncodedText.Encode("attempt");
        private static readonly JsonEncodedText TimeField = JsonEncodedText.Encode("time");
        private static readonly JsonEncodedText NodeStartedType = JsonEncodedText.Encode("nodeStarted");
        private static readonly JsonEncodedText NodeFinishedType = JsonEncodedText.Encode("nodeFinished");
        private static readonly JsonEncodedText RunFinishedType = JsonEncodedText.Encode("runFinished");

        /// <summary>The last run id written, encoded: every record of a run carries the same one.</summary>
        private static Tuple<string, JsonEncodedText>? lastRunId;

        private JournalRecord(JournalRecordType type, long sequence, string runId)
        {
            Type = type;
            Sequence = sequence;
            RunId = runId;
        }

        public JournalRecordType Type { get; }

        public long Sequence { get; }

        public string RunId { get; }

        /// <summary>The node that started; for <see cref="JournalRecordType.NodeFinished"/> see <see cref="Finished"/>.</summary>
        public string? Node { get; private set; }

        public int Attempt { get; private set; }

        /// <summary>When the node started or the run finished.</summary>
        public DateTime Time { get; private set; }

        /// <summary>The finished node's record, with output.</summary>
        public NodeEntry? Finished { get; private set; }

        public DagRunStatus RunStatus { get; private set; }

        public static JournalRecord NodeStarted(long sequence, string runId, string node, int attempt, DateTime time)
            => new JournalRecord(JournalRecordType.NodeStarted, sequence, runId) { Node = node, Attempt = attempt, Time = time };

        public static JournalRecord NodeFinished(long sequence, string runId, NodeEntry finished)
            => new JournalRecord(JournalRecordType.NodeFinished, sequence, runId) { Finished = finished };

        public static JournalRecord RunFinished(long sequence, string runId, DagRunStatus status, DateTime time)
            => new JournalRecord(JournalRecordType.RunFinished, sequence, runId) { RunStatus = status, Time = time };

        /// <summary>
        /// Appends the record to <paramref name="buffer"/> as one line, newline included, through <paramref name="json"/>,
        /// which it resets to <paramref name="buffer"/> first: a writer that commits every turn reuses both.
        /// </summary>
        public void WriteLine(Utf8JsonWriter json, Stream buffer, TimeSpan? utcOffset)
        {
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteNumber(SequenceField, Sequence);
            json.WriteString(RunField, EncodedRunId(RunId));
            switch (Type)
            {
                case JournalRecordType.NodeStarted:
                    json.WriteString(TypeField, NodeStartedType);
                    json.WriteString(NodeField, Node);
                    json.WriteNumber(AttemptField, Attempt);
                    CheckpointJson.WriteDate(json, TimeField, Time, utcOffset);
                    break;
                case JournalRecordType.NodeFinished:
                    json.WriteString(TypeField, NodeFinishedType);
                    Finished!.WriteFields(json, utcOffset);
                    break;
                case JournalRecordType.RunFinished:
                    json.WriteString(TypeField, RunFinishedType);
                    json.WriteString("status", RunStatus.ToString());
                    CheckpointJson.WriteDate(json, TimeField, Time, utcOffset);
                    break;
            }

            json.WriteEndObject();
            json.Flush();
            buffer.WriteByte((byte)'\n');
        }

        /// <exception cref="FormatException">The line is JSON, but not a record this version writes.</exception>
        public static JournalRecord Parse(JsonElement line)
        {
            if (line.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"A journal line is a JSON {line.ValueKind}, not an object.");
            }

            long sequence = CheckpointJson.RequiredInteger(line, "seq");
            string runId = CheckpointJson.RequiredString(line, "run");
            string type = CheckpointJson.RequiredString(line, "type");
            switch (type)
            {
                case "nodeStarted":
                    return NodeStarted(
                        sequence,
                        runId,
                        CheckpointJson.RequiredString(line, "node"),
                        (int)Math.Min(int.MaxValue, CheckpointJson.RequiredInteger(line, "attempt")),
                        CheckpointJson.RequiredDate(line, "time"));
                case "nodeFinished":
                    return NodeFinished(sequence, runId, NodeEntry.Read(line));
                case "runFinished":
                    return RunFinished(
                        sequence,
                        runId,
                        CheckpointJson.OptionalEnum<DagRunStatus>(line, "status") ?? throw new FormatException("A runFinished record has no 'status'."),
                        CheckpointJson.RequiredDate(line, "time"));
                default:
                    throw new FormatException($"'{type}' is not a journal record type.");
            }
        }

        private static JsonEncodedText EncodedRunId(string runId)
        {
            var last = lastRunId; // one reference read: writers of other runs may swap it meanwhile
            if (last == null || !ReferenceEquals(last.Item1, runId))
            {
                lastRunId = last = Tuple.Create(runId, JsonEncodedText.Encode(runId, OutputJson.WriterOptions.Encoder));
            }

            return last.Item2;
        }
    }
}
