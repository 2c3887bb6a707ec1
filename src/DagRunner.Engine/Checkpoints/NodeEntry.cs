using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The mutable record of one node while a checkpoint is written or replayed. The same fields make up a node
    /// in the snapshot and a <c>nodeFinished</c> journal record.
    /// </summary>
    internal sealed class NodeEntry
    {
        /// <summary>The status written for a node that has started and not finished.</summary>
        public const string RunningStatus = "Running";

        public const string EmptyOutput = "[]";

        // Every record and snapshot line writes these: encoded once, not escaped and transcoded for each node.
        private static readonly JsonEncodedText NameField = JsonEncodedText.Encode("name");
        private static readonly JsonEncodedText HashField = JsonEncodedText.Encode("hash");
        private static readonly JsonEncodedText StatusField = JsonEncodedText.Encode("status");
        private static readonly JsonEncodedText ReasonField = JsonEncodedText.Encode("reason");
        private static readonly JsonEncodedText AttemptsField = JsonEncodedText.Encode("attempts");
        private static readonly JsonEncodedText StartTimeField = JsonEncodedText.Encode("startTime");
        private static readonly JsonEncodedText EndTimeField = JsonEncodedText.Encode("endTime");
        private static readonly JsonEncodedText OutputField = JsonEncodedText.Encode("output");
        private static readonly JsonEncodedText RunningText = JsonEncodedText.Encode(RunningStatus);
        private static readonly Dictionary<NodeStatus, JsonEncodedText> StatusTexts = Enum.GetValues(typeof(NodeStatus)).Cast<NodeStatus>().ToDictionary(s => s, s => JsonEncodedText.Encode(s.ToString()));

        public NodeEntry(string name) => Name = name;

        public string Name { get; }

        public string? DefinitionHash { get; set; }

        public NodeStatus Status { get; set; } = NodeStatus.NotRun;

        /// <summary>Started and not finished yet: read back as Running while its run goes on, as Interrupted once its process is gone.</summary>
        public bool Running { get; set; }

        public NodeReason Reason { get; set; }

        public int Attempts { get; set; }

        public DateTime? StartTime { get; set; }

        public DateTime? EndTime { get; set; }

        public string? ErrorMessage { get; set; }

        /// <summary>The <c>hosts:</c> entry the node ran on; null when it ran here. Optional in the file: older checkpoints lack it, and older readers skip it.</summary>
        public string? Host { get; set; }

        /// <summary>What its <c>inputs:</c> held when it ran; null for a node without inputs.</summary>
        public InputFiles? Inputs { get; set; }

        /// <summary>The node whose start voided this node's success (<c>invalidates:</c>); null otherwise.</summary>
        public string? InvalidatedBy { get; set; }

        /// <summary>The output as a JSON array, serialized once and reused by every later snapshot.</summary>
        public string OutputJson { get; set; } = EmptyOutput;

        public void CopyFrom(NodeEntry other)
        {
            DefinitionHash = other.DefinitionHash ?? DefinitionHash;
            Status = other.Status;
            Running = other.Running;
            Reason = other.Reason;
            Attempts = other.Attempts;
            StartTime = other.StartTime;
            EndTime = other.EndTime;
            ErrorMessage = other.ErrorMessage;
            Host = other.Host;
            OutputJson = other.OutputJson;
            Inputs = other.Inputs;
            InvalidatedBy = other.InvalidatedBy;
        }

        /// <summary>A copy whose success is void: NotRun (Invalidated by <paramref name="invalidator"/>), without output; the rest as recorded.</summary>
        public NodeEntry Invalidated(string invalidator)
        {
            var copy = new NodeEntry(Name);
            copy.CopyFrom(this);
            copy.DefinitionHash = DefinitionHash;
            copy.Status = NodeStatus.NotRun;
            copy.Reason = NodeReason.Invalidated;
            copy.InvalidatedBy = invalidator;
            copy.OutputJson = EmptyOutput;
            return copy;
        }

        /// <summary>
        /// The node's fields; empty ones (no reason, no times, no error, no output) are left out to keep lines short.
        /// Times of the run that writes them take <paramref name="utcOffset"/> (<see cref="CheckpointJson.WriteDate(Utf8JsonWriter, JsonEncodedText, DateTime?, TimeSpan?)"/>).
        /// </summary>
        public void WriteFields(Utf8JsonWriter json, TimeSpan? utcOffset)
        {
            json.WriteString(NameField, Name);
            json.WriteString(HashField, DefinitionHash);
            json.WriteString(StatusField, Running ? RunningText : StatusTexts.TryGetValue(Status, out var status) ? status : JsonEncodedText.Encode(Status.ToString()));

            if (Reason != NodeReason.None)
            {
                json.WriteString(ReasonField, Reason.ToString());
            }

            json.WriteNumber(AttemptsField, Attempts);
            if (StartTime.HasValue)
            {
                CheckpointJson.WriteDate(json, StartTimeField, StartTime, utcOffset);
            }

            if (EndTime.HasValue)
            {
                CheckpointJson.WriteDate(json, EndTimeField, EndTime, utcOffset);
            }

            if (ErrorMessage != null)
            {
                json.WriteString("error", ErrorMessage);
            }

            if (Host != null)
            {
                json.WriteString("host", Host);
            }

            if (Inputs != null)
            {
                InputFilesJson.Write(json, "inputs", Inputs);
            }
            if (InvalidatedBy != null)
            {
                json.WriteString("invalidatedBy", InvalidatedBy);
            }

            if (OutputJson != EmptyOutput)
            {
                json.WritePropertyName(OutputField);
                json.WriteRawValue(OutputJson, skipInputValidation: true);
            }
        }

        /// <exception cref="FormatException">A field is missing or has the wrong type.</exception>
        public static NodeEntry Read(JsonElement element)
        {
            var entry = new NodeEntry(CheckpointJson.RequiredString(element, "name"));
            var status = CheckpointJson.OptionalString(element, "status");
            if (status == RunningStatus)
            {
                entry.Running = true;
            }
            else
            {
                entry.Status = CheckpointJson.OptionalEnum<NodeStatus>(element, "status") ?? throw new FormatException($"Node '{entry.Name}' has no 'status'.");
            }

            // Reasons grow with new versions of the same format; one this version does not know only loses detail.
            var reason = CheckpointJson.OptionalString(element, "reason");
            entry.Reason = reason != null && Enum.IsDefined(typeof(NodeReason), reason) ? (NodeReason)Enum.Parse(typeof(NodeReason), reason) : NodeReason.None;
            entry.DefinitionHash = CheckpointJson.OptionalString(element, "hash");
            entry.Attempts = (int)Math.Min(int.MaxValue, CheckpointJson.OptionalInteger(element, "attempts") ?? 0);
            entry.StartTime = CheckpointJson.OptionalDate(element, "startTime");
            entry.EndTime = CheckpointJson.OptionalDate(element, "endTime");
            entry.ErrorMessage = CheckpointJson.OptionalString(element, "error");
            entry.InvalidatedBy = CheckpointJson.OptionalString(element, "invalidatedBy");
            entry.Host = CheckpointJson.OptionalString(element, "host");
            if (element.TryGetProperty("inputs", out var inputs) && inputs.ValueKind != JsonValueKind.Null)
            {
                entry.Inputs = InputFilesJson.Read(inputs);
            }
            if (element.TryGetProperty("output", out var output) && output.ValueKind != JsonValueKind.Null)
            {
                entry.OutputJson = output.ValueKind == JsonValueKind.Array
                    ? output.GetRawText()
                    : throw new FormatException($"The output of node '{entry.Name}' is a JSON {output.ValueKind}, not an array.");
            }

            return entry;
        }

        /// <param name="runIsLive">The run that started the node is still going (its process holds the lock).</param>
        public CheckpointNodeState Freeze(bool runIsLive)
            => Running
                ? new CheckpointNodeState(Name, runIsLive ? NodeStatus.Running : NodeStatus.Interrupted, NodeReason.None, Attempts, StartTime, null, ErrorMessage, DefinitionHash, EmptyOutput) { Inputs = Inputs, Host = Host }
                : new CheckpointNodeState(Name, Status, Reason, Attempts, StartTime, EndTime, ErrorMessage, DefinitionHash, OutputJson) { Inputs = Inputs, InvalidatedBy = InvalidatedBy, Host = Host };
    }
}
