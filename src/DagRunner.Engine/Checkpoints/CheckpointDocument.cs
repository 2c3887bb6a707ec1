using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The whole checkpoint in memory. The writer applies each record here after it is on disk; the reader applies
    /// the same records to the snapshot it read. One <see cref="Apply"/> for both keeps them in step.
    /// </summary>
    internal sealed class CheckpointDocument
    {
        private readonly List<NodeEntry> nodes = new List<NodeEntry>();
        private readonly Dictionary<string, NodeEntry> byName = new Dictionary<string, NodeEntry>(StringComparer.OrdinalIgnoreCase);

        public CheckpointDocument(string runId, string workflowName, string workflowPath, string workflowHash)
        {
            RunId = runId;
            WorkflowName = workflowName;
            WorkflowPath = workflowPath;
            WorkflowHash = workflowHash;
        }

        public string RunId { get; }

        public string WorkflowName { get; }

        public string WorkflowPath { get; }

        public string WorkflowHash { get; set; }

        public DateTime StartTime { get; set; }

        public DateTime LastUpdate { get; set; }

        public int Session { get; set; } = 1;

        public DagRunStatus? Status { get; set; }

        public DateTime? EndTime { get; set; }

        /// <summary>
        /// The UTC offset of the clock of the run that writes this document, which its times (Unspecified) are in; null
        /// when only read. Times read from a file carry their own.
        /// </summary>
        public TimeSpan? UtcOffset { get; set; }

        /// <summary>The sequence number of the last record applied (0: none yet).</summary>
        public long Sequence { get; set; }

        public IReadOnlyList<NodeEntry> Nodes => nodes;

        public static CheckpointDocument From(CheckpointHeader header)
        {
            var document = new CheckpointDocument(header.RunId, header.WorkflowName, header.WorkflowPath, header.WorkflowHash)
            {
                StartTime = header.StartTime,
                LastUpdate = header.StartTime,
                Session = header.Session,
                UtcOffset = header.UtcOffset,
            };

            foreach (var node in header.Nodes)
            {
                document.Node(node.Key).DefinitionHash = node.Value;
            }

            return document;
        }

        public static CheckpointDocument From(CheckpointState state)
        {
            var document = new CheckpointDocument(state.RunId, state.WorkflowName, state.WorkflowPath, state.WorkflowHash)
            {
                StartTime = state.StartTime,
                LastUpdate = state.LastUpdate,
                Session = state.Session,
                Status = state.EndTime.HasValue ? state.Status : (DagRunStatus?)null,
                EndTime = state.EndTime,
                Sequence = state.LastSequence,
            };

            foreach (var node in state.Nodes)
            {
                var entry = document.Node(node.Name);
                entry.DefinitionHash = node.DefinitionHash;
                entry.Status = node.Status;
                entry.Reason = node.Reason;
                entry.Attempts = node.Attempts;
                entry.StartTime = node.StartTime;
                entry.EndTime = node.EndTime;
                entry.ErrorMessage = node.ErrorMessage;
                entry.OutputJson = node.OutputJson;
                entry.Inputs = node.Inputs;
                entry.InvalidatedBy = node.InvalidatedBy;
                entry.Host = node.Host;
            }

            return document;
        }

        /// <summary>The entry of <paramref name="name"/>; a node the checkpoint did not list yet (added since) is appended.</summary>
        public NodeEntry Node(string name)
        {
            if (!byName.TryGetValue(name, out var entry))
            {
                entry = new NodeEntry(name);
                byName.Add(name, entry);
                nodes.Add(entry);
            }

            return entry;
        }

        public void Apply(JournalRecord record)
        {
            switch (record.Type)
            {
                case JournalRecordType.NodeStarted:
                    var started = Node(record.Node!);
                    if (record.Attempt <= 1 || !started.Running)
                    {
                        // A new start of the node: what an earlier session recorded no longer describes it.
                        started.StartTime = record.Time;
                        started.EndTime = null;
                        started.ErrorMessage = null;
                        started.Host = null;
                        started.Reason = NodeReason.None;
                        started.OutputJson = NodeEntry.EmptyOutput;
                    }

                    started.Running = true;
                    started.Attempts = record.Attempt;
                    LastUpdate = record.Time;
                    break;
                case JournalRecordType.NodeFinished:
                    var finished = record.Finished!;
                    Node(finished.Name).CopyFrom(finished);
                    LastUpdate = finished.EndTime ?? finished.StartTime ?? LastUpdate;
                    break;
                case JournalRecordType.RunFinished:
                    Status = record.RunStatus;
                    EndTime = record.Time;
                    LastUpdate = record.Time;
                    break;
            }

            Sequence = record.Sequence;
        }

        /// <summary>
        /// The snapshot: indented header fields, then each node as one compact line, so the file stays readable and
        /// diffable without paying indentation inside every output value.
        /// </summary>
        public void WriteSnapshot(Stream stream)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OutputJson.WriterOptions.Encoder, Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("format", CheckpointHeader.CurrentFormatVersion);
                json.WriteString("runId", RunId);
                json.WriteString("workflow", WorkflowName);
                json.WriteString("workflowPath", WorkflowPath);
                json.WriteString("workflowHash", WorkflowHash);
                json.WriteNumber("session", Session);
                CheckpointJson.WriteDate(json, "startTime", StartTime, UtcOffset);
                CheckpointJson.WriteDate(json, "lastUpdate", LastUpdate, UtcOffset);
                json.WriteString("status", Status?.ToString());
                CheckpointJson.WriteDate(json, "endTime", EndTime, UtcOffset);
                json.WriteNumber("sequence", Sequence);
                json.WriteEndObject();
            }

            // Reopen the indented object after its last field and add "nodes" by hand, one node per line.
            int end = (int)buffer.Length;
            var header = buffer.GetBuffer();
            while (end > 0 && header[end - 1] != (byte)'}')
            {
                end--;
            }

            end--; // the closing brace
            while (end > 0 && (header[end - 1] == (byte)'\n' || header[end - 1] == (byte)'\r' || header[end - 1] == (byte)' '))
            {
                end--;
            }

            stream.Write(header, 0, end);
            WriteAscii(stream, ",\n  \"nodes\": [");
            // One writer for every node line: a new one per line cost more than the line (10,000 nodes, 50 MB).
            using var line = new Utf8JsonWriter(buffer, OutputJson.WriterOptions);
            for (int i = 0; i < nodes.Count; i++)
            {
                buffer.SetLength(0);
                line.Reset(buffer);
                line.WriteStartObject();
                nodes[i].WriteFields(line, UtcOffset);
                line.WriteEndObject();
                line.Flush();

                WriteAscii(stream, i == 0 ? "\n    " : ",\n    ");
                stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            }

            WriteAscii(stream, "\n  ]\n}\n");
        }

        /// <exception cref="FormatException">A field is missing or has the wrong type. The format version is checked by the caller.</exception>
        public static CheckpointDocument ReadSnapshot(JsonElement root)
        {
            var document = new CheckpointDocument(
                CheckpointJson.RequiredString(root, "runId"),
                CheckpointJson.RequiredString(root, "workflow"),
                CheckpointJson.OptionalString(root, "workflowPath") ?? string.Empty,
                CheckpointJson.OptionalString(root, "workflowHash") ?? string.Empty)
            {
                Session = (int)Math.Min(int.MaxValue, CheckpointJson.RequiredInteger(root, "session")),
                StartTime = CheckpointJson.RequiredDate(root, "startTime"),
                Status = CheckpointJson.OptionalEnum<DagRunStatus>(root, "status"),
                EndTime = CheckpointJson.OptionalDate(root, "endTime"),
                Sequence = CheckpointJson.RequiredInteger(root, "sequence"),
                UtcOffset = CheckpointJson.ReaderOffset, // what OptionalDate gave its dates in
            };
            document.LastUpdate = CheckpointJson.OptionalDate(root, "lastUpdate") ?? document.StartTime;

            if (!root.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("'nodes' is missing; it must be an array.");
            }

            foreach (var element in nodes.EnumerateArray())
            {
                var entry = NodeEntry.Read(element);
                if (document.byName.ContainsKey(entry.Name))
                {
                    throw new FormatException($"Node '{entry.Name}' is listed twice.");
                }

                document.Node(entry.Name).CopyFrom(entry);
            }

            return document;
        }

        /// <summary>
        /// Moves every time from the offset it is in to <paramref name="offset"/>, the same instants: a resume whose
        /// clock has another offset than the one its checkpoint was read in (a daylight-saving change between the two).
        /// </summary>
        public void MoveTo(TimeSpan offset)
        {
            if (UtcOffset is not TimeSpan from || from == offset)
            {
                UtcOffset = offset;
                return;
            }

            var by = offset - from;
            StartTime += by;
            LastUpdate += by;
            EndTime += by;
            foreach (var node in nodes)
            {
                node.StartTime += by;
                node.EndTime += by;
            }

            UtcOffset = offset;
        }

        /// <param name="runIsLive">The run has not ended and its process still holds the lock: unfinished means Running, not Interrupted.</param>
        public CheckpointState Freeze(string path, bool runIsLive)
            => new CheckpointState(path, CheckpointHeader.CurrentFormatVersion, RunId, WorkflowName, WorkflowPath, WorkflowHash)
            {
                StartTime = StartTime,
                LastUpdate = LastUpdate,
                Session = Session,
                Status = Status ?? (runIsLive ? DagRunStatus.Running : DagRunStatus.Interrupted),
                EndTime = EndTime,
                LastSequence = Sequence,
                Nodes = new NodeList<CheckpointNodeState>(nodes.Select(n => n.Freeze(runIsLive)), n => n.Name),
                UtcOffset = UtcOffset ?? CheckpointJson.ReaderOffset,
            };

        private static void WriteAscii(Stream stream, string text)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
