using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Execution.Incremental
{
    /// <summary>
    /// What incremental nodes (<c>inputs:</c>/<c>outputs:</c>) did last time they succeeded, in
    /// <c>.dagrunner/&lt;name&gt;.incremental.json</c>: per node the definition hash, the content hash of its inputs,
    /// the hash of its needs' outputs, and its own output. A node whose three hashes are unchanged and whose outputs
    /// all exist is UpToDate: it does not run and its output is restored. Read once, written whole at the end of a run.
    /// </summary>
    internal sealed class IncrementalState
    {
        private const int FormatVersion = 1;
        private readonly Dictionary<string, Entry> entries;
        private readonly object gate = new object();
        private bool changed;

        private IncrementalState(Dictionary<string, Entry> entries) => this.entries = entries;

        /// <summary>Reads the state; a missing or unreadable file is an empty state (every incremental node runs).</summary>
        public static IncrementalState Load(string path)
        {
            var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
            try
            {
                if (File.Exists(path))
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                    var root = document.RootElement;
                    if (root.TryGetProperty("format", out var format) && format.GetInt32() == FormatVersion && root.TryGetProperty("nodes", out var nodes))
                    {
                        foreach (var node in nodes.EnumerateObject())
                        {
                            var v = node.Value;
                            entries[node.Name] = new Entry(v.GetProperty("definition").GetString()!, v.GetProperty("inputs").GetString()!, v.GetProperty("needs").GetString()!, v.GetProperty("output").GetRawText());
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException || ex is InvalidOperationException || ex is KeyNotFoundException || ex is FormatException)
            {
                entries.Clear();
            }

            return new IncrementalState(entries);
        }

        /// <summary>What decides whether <paramref name="node"/> is up to date, right now (it reads the input files).</summary>
        /// <param name="inputsHash">The content hash of its inputs when already taken (<see cref="FileGlobs.Snapshot"/>); null to take it now.</param>
        /// <param name="baseDirectory">Where the node's globs start: the workflow's folder.</param>
        /// <param name="variables">The run's variables (no secrets), which the definition hash reads.</param>
        public static Fingerprint FingerprintOf(
            NodeDefinition node, IReadOnlyDictionary<string, object?> needs, string baseDirectory, IReadOnlyDictionary<string, object?> variables, string? inputsHash = null)
        {
            var definition = node.InstanceOf != null ? DefinitionHash.ForInstance(node, variables) : DefinitionHash.ForNode(node, variables);
            var inputs = inputsHash ?? FileGlobs.ContentHash(baseDirectory, node.Inputs);
            var upstream = new StringBuilder();
            foreach (var need in needs.OrderBy(n => n.Key, StringComparer.OrdinalIgnoreCase))
            {
                upstream.Append(need.Key.ToLowerInvariant()).Append('=').Append(OutputJson.Canonical(need.Value)).Append('\n');
            }

            using var sha = SHA256.Create();
            var needsHash = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(upstream.ToString()))).Replace("-", string.Empty);
            return new Fingerprint(definition, inputs, needsHash, FileGlobs.AllExist(baseDirectory, node.Outputs));
        }

        /// <summary>The output to restore when <paramref name="node"/> is up to date; null when it must run.</summary>
        public object?[]? UpToDateOutput(NodeDefinition node, Fingerprint now)
        {
            Entry? entry;
            lock (gate)
            {
                entries.TryGetValue(node.Id, out entry);
            }

            if (entry == null || !now.OutputsExist || entry.Definition != now.Definition || entry.Inputs != now.Inputs || entry.Needs != now.Needs)
            {
                return null;
            }

            try
            {
                return OutputJson.Restore(entry.OutputJson);
            }
            catch (FormatException)
            {
                // The file was edited or damaged: its output cannot be trusted, so the node runs (never a failure).
                return null;
            }
        }

        /// <summary>
        /// <c>invalidates:</c>: forgets the last successes of <paramref name="nodes"/> and of their foreach instances, so
        /// they are not UpToDate next time (what they made was undone).
        /// </summary>
        public void Forget(IEnumerable<string> nodes)
        {
            var targets = new HashSet<string>(nodes, StringComparer.OrdinalIgnoreCase);
            lock (gate)
            {
                foreach (var key in entries.Keys.Where(k => targets.Contains(InstanceId.GroupOf(k))).ToList())
                {
                    entries.Remove(key);
                    changed = true;
                }
            }
        }

        /// <summary>Remembers a run that succeeded, with the fingerprint taken before it ran.</summary>
        public void Record(NodeResult result, Fingerprint before)
        {
            var json = OutputJson.Serialize(result.Output, result.Name, new List<string>());
            lock (gate)
            {
                entries[result.Name] = new Entry(before.Definition, before.Inputs, before.Needs, json);
                changed = true;
            }
        }

        /// <summary>Writes the state if anything changed: a new file renamed over the old one.</summary>
        /// <exception cref="IOException">It could not be written; the old file is intact and no temporary file is left.</exception>
        public void SaveIfChanged(string path)
        {
            lock (gate)
            {
                if (!changed)
                {
                    return;
                }

                AtomicFile.Write(path, stream =>
                {
                    using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                    writer.WriteStartObject();
                    writer.WriteNumber("format", FormatVersion);
                    writer.WriteStartObject("nodes");
                    foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        writer.WriteStartObject(entry.Key);
                        writer.WriteString("definition", entry.Value.Definition);
                        writer.WriteString("inputs", entry.Value.Inputs);
                        writer.WriteString("needs", entry.Value.Needs);
                        writer.WritePropertyName("output");
                        writer.WriteRawValue(entry.Value.OutputJson);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                });
                changed = false;
            }
        }

        private sealed class Entry
        {
            public Entry(string definition, string inputs, string needs, string outputJson)
            {
                Definition = definition;
                Inputs = inputs;
                Needs = needs;
                OutputJson = outputJson;
            }

            public string Definition { get; }

            public string Inputs { get; }

            public string Needs { get; }

            public string OutputJson { get; }
        }
    }

    /// <summary>The hashes an incremental node is compared by, and whether all its outputs exist.</summary>
    internal sealed class Fingerprint
    {
        public Fingerprint(string definition, string inputs, string needs, bool outputsExist)
        {
            Definition = definition;
            Inputs = inputs;
            Needs = needs;
            OutputsExist = outputsExist;
        }

        public string Definition { get; }

        public string Inputs { get; }

        public string Needs { get; }

        public bool OutputsExist { get; }
    }
}
