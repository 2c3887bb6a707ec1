using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Planning
{
    /// <summary>
    /// How long each node took in the last runs (<c>.dagrunner/&lt;name&gt;.history.json</c>). The plan's estimates,
    /// its critical path and the scheduler's longest-remaining-path order use it from the second run on.
    /// A missing or unreadable history is no history: estimates fall back to one unit per node.
    /// </summary>
    internal sealed class RunHistory
    {
        /// <summary>How many durations are kept per node. <value>The value is 10.</value></summary>
        public const int RunsKept = 10;

        private const int FormatVersion = 1;
        private readonly Dictionary<string, List<double>> seconds;

        private RunHistory(Dictionary<string, List<double>> seconds) => this.seconds = seconds;

        /// <summary>A history with nothing in it.</summary>
        public static RunHistory Empty() => new RunHistory(new Dictionary<string, List<double>>(StringComparer.OrdinalIgnoreCase));

        /// <summary>Reads the history; a missing, corrupt or foreign file gives an empty one (history only improves estimates).</summary>
        public static RunHistory Load(string path)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return Empty();
                }

                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = document.RootElement;
                if (!root.TryGetProperty("format", out var format) || format.GetInt32() != FormatVersion || !root.TryGetProperty("nodes", out var nodes))
                {
                    return Empty();
                }

                var history = Empty();
                foreach (var node in nodes.EnumerateObject())
                {
                    var values = node.Value.EnumerateArray().Select(v => v.GetDouble()).Where(IsDuration).ToList();
                    history.seconds[node.Name] = values.Skip(Math.Max(0, values.Count - RunsKept)).ToList();
                }

                return history;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException || ex is InvalidOperationException || ex is FormatException)
            {
                return Empty();
            }
        }

        /// <summary>True when at least one node has a recorded duration.</summary>
        public bool HasData => seconds.Values.Any(list => list.Count > 0);

        /// <summary>The median of the node's recorded durations in seconds; null when it has none.</summary>
        public double? Median(string node)
        {
            if (!seconds.TryGetValue(node, out var list) || list.Count == 0)
            {
                return null;
            }

            var sorted = list.OrderBy(v => v).ToArray();
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        /// <summary>
        /// An estimate for every node, in seconds: its median, or for a node never seen, the median of the known
        /// medians (a new node is assumed typical). Null when there is no history at all.
        /// </summary>
        public Func<NodeDefinition, double>? Estimates()
        {
            if (!HasData)
            {
                return null;
            }

            var known = seconds.Keys.Select(Median).Where(m => m.HasValue).Select(m => m!.Value).OrderBy(v => v).ToArray();
            double typical = known[known.Length / 2];

            // A zero estimate would make a chain of quick nodes weightless; keep every node slightly heavier than nothing.
            return node => Math.Max(Median(node.Id) ?? typical, 0.001);
        }

        /// <summary>Adds the durations of the nodes that ran and succeeded in <paramref name="result"/>.</summary>
        public void Record(DagRunResult result)
        {
            foreach (var node in result.Nodes)
            {
                if (node.Status != NodeStatus.Succeeded || node.Reason == NodeReason.Resumed || !node.Duration.HasValue)
                {
                    continue;
                }

                if (!seconds.TryGetValue(node.Name, out var list))
                {
                    seconds[node.Name] = list = new List<double>();
                }

                list.Add(node.Duration.Value.TotalSeconds);
                if (list.Count > RunsKept)
                {
                    list.RemoveRange(0, list.Count - RunsKept);
                }
            }
        }

        /// <summary>Writes the history whole (a new file renamed over the old one), so a crash never leaves half of it.</summary>
        /// <exception cref="IOException">It could not be written; the old file is intact and no temporary file is left.</exception>
        public void Save(string path, string workflowName)
            => AtomicFile.Write(path, stream =>
            {
                using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                writer.WriteStartObject();
                writer.WriteNumber("format", FormatVersion);
                writer.WriteString("workflow", workflowName);
                writer.WriteStartObject("nodes");
                foreach (var node in seconds.OrderBy(n => n.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartArray(node.Key);
                    foreach (var value in node.Value)
                    {
                        writer.WriteNumberValue(Math.Round(value, 6));
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            });

        private static bool IsDuration(double value) => !double.IsNaN(value) && !double.IsInfinity(value) && value >= 0;
    }
}
