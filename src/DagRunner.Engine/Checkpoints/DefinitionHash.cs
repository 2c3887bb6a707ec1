using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using static DagRunner.Engine.Checkpoints.HashText;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// SHA-256 of everything that decides what a node does, so a resumed run can tell which nodes changed:
    /// the script (inline text, or the file's bytes), <c>with</c>, <c>if</c>, <c>when</c>, <c>fallback</c>,
    /// <c>foreach</c> (its <c>key</c> too), <c>on</c>, retry, timeout, continueOnError, pool, priority, the needs, the workflow's
    /// <c>modules:</c> and <c>setup:</c>, and the values of the workflow
    /// variables its scripts refer to (see <see cref="ScriptVariables"/>). Where the node sits in the file and its
    /// description do not count. The same definition gives the same hash in every process.
    /// </summary>
    internal static class DefinitionHash
    {
        /// <summary>Workflows with at least this many nodes are hashed in parallel (<see cref="ForNodes"/>). <value>1,024.</value></summary>
        internal const int ParallelFrom = 1024;

        /// <summary>Nodes per parallel work item: enough that handing one out costs little beside hashing them. <value>256.</value></summary>
        private const int ParallelChunk = 256;

        /// <summary>Written in place of a script file that does not exist or cannot be read.</summary>
        private const string MissingFile = "<missing>";

        [ThreadStatic]
        private static Tuple<RetrySpec, string>? lastRetry;

        /// <summary>How much of a workflow's text <see cref="ForWorkflow(string, IReadOnlyDictionary{string, string})"/> holds before hashing it. <value>16 K characters.</value></summary>
        private const int StreamedText = 16 * 1024;

        /// <summary>The canonical text of an empty <c>with</c>, which most nodes have.</summary>
        private static readonly string EmptyWith = OutputJson.Canonical(new System.Collections.Hashtable());

        /// <summary>Stands for the names when there are no variables: it already holds <see cref="ScriptVariables.All"/>, so no script is parsed.</summary>
        private static readonly ISet<string> NoNames = new HashSet<string> { ScriptVariables.All };

        /// <summary>The hash of <paramref name="node"/> with the run's <paramref name="variables"/> (after <c>-Parameters</c>).</summary>
        public static string ForNode(NodeDefinition node, IReadOnlyDictionary<string, object?> variables)
        {
            Guard.NotNull(node);
            Guard.NotNull(variables);

            var text = Take();

            // The names only pick which variables count: without variables, no script needs reading for them.
            var names = variables.Count > 0 ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : NoNames;
            var (contentHash, content) = node.ResolvedFile != null ? ReadScriptFile(node.ResolvedFile) : (null, null);
            ScriptVariables.CollectNode(node, content, names);
            Field(text, "run", node.Run?.Text);
            Field(text, "file", node.File);
            if (node.ResolvedFile != null)
            {
                Field(text, "file-content", contentHash);
            }

            Field(text, "with", node.With.Count == 0 ? EmptyWith : OutputJson.Canonical(ToHashtable(node.With)));
            Field(text, "if", node.Condition?.Text);
            Field(text, "when", node.When.ToString());
            Field(text, "retry", RetryText(node.Retry));
            Field(text, "timeout", node.Timeout?.Ticks.ToString(CultureInfo.InvariantCulture));
            Field(text, "continueOnError", node.ContinueOnError ? "true" : "false");
            Field(text, "fallback", node.Fallback?.Text);
            Field(text, "pool", node.Pool);
            Field(text, "priority", node.Priority.ToString(CultureInfo.InvariantCulture));
            Field(text, "foreach-items", node.ForEach?.Items == null ? null : OutputJson.Canonical(node.ForEach.Items.ToArray()));
            Field(text, "foreach", node.ForEach?.Expression?.Text);
            if (node.ForEach?.Key != null)
            {
                // Only when written, so the hashes of nodes without a key stay what earlier versions wrote.
                Field(text, "foreach-key", node.ForEach.Key.Text);
            }

            Field(text, "inputs", string.Join("\n", node.Inputs));
            Field(text, "outputs", string.Join("\n", node.Outputs));
            Field(text, "needs", NeedsText(node.Needs));
            if (node.On.Count > 0)
            {
                // Only when written, so the hashes of local nodes stay what earlier versions wrote. The host's
                // connection settings do not count: pointing a host at a new address reruns nothing.
                Field(text, "on", string.Join(",", node.On.Select(h => h.ToLowerInvariant())));
            }

            if (node.Transfer)
            {
                // Only when written: where the files are (here or on the host) changes what the node does.
                Field(text, "transfer", "true");
            }

            if (node.OnAny != null)
            {
                // The group, not the host a run picked: which host ran an instance never makes a resume run it again.
                Field(text, "onAny", node.OnAny.ToLowerInvariant());
            }

            if (!node.Shared.IsEmpty)
            {
                // Only when written, so the hashes of workflows without shared code stay what earlier versions wrote.
                SharedField(text, node.Shared, names);
            }

            if (variables.Count > 0)
            {
                foreach (var variable in variables.OrderBy(v => v.Key.ToLowerInvariant(), StringComparer.Ordinal))
                {
                    if (names.Contains(ScriptVariables.All) || names.Contains(variable.Key))
                    {
                        Field(text, "variable " + variable.Key.ToLowerInvariant(), OutputJson.Canonical(variable.Value));
                    }
                }
            }

            return HashOf(text);
        }

        /// <summary>The hash of each of <paramref name="nodes"/>, by id (case-insensitive).</summary>
        /// <remarks>
        /// From <see cref="ParallelFrom"/> nodes on, the nodes are hashed on every processor: a run hashes them all before
        /// its first node starts, while the processors are otherwise idle.
        /// </remarks>
        public static IReadOnlyDictionary<string, string> ForNodes(IEnumerable<NodeDefinition> nodes, IReadOnlyDictionary<string, object?> variables)
        {
            var list = Guard.NotNull(nodes) as IReadOnlyList<NodeDefinition> ?? nodes.ToList();
            Guard.NotNull(variables);
            var values = new string[list.Count];
            if (list.Count >= ParallelFrom && Environment.ProcessorCount > 1)
            {
                Parallel.ForEach(Partitioner.Create(0, list.Count, ParallelChunk), range =>
                {
                    for (int i = range.Item1; i < range.Item2; i++)
                    {
                        values[i] = ForNode(list[i], variables);
                    }
                });
            }
            else
            {
                for (int i = 0; i < list.Count; i++)
                {
                    values[i] = ForNode(list[i], variables);
                }
            }

            var hashes = new Dictionary<string, string>(list.Count, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < list.Count; i++)
            {
                hashes[list[i].Id] = values[i];
            }

            return hashes;
        }

        /// <summary>
        /// The hash of one instance of a <c>foreach</c> node: everything its node's hash covers except the item
        /// list, plus its own key and item. Adding or removing items therefore changes the node (its dependents
        /// run again) but not the instances whose items stayed: a resume keeps those.
        /// </summary>
        public static string ForInstance(NodeDefinition instance, IReadOnlyDictionary<string, object?> variables)
        {
            Guard.NotNull(instance);
            var node = ForNode(instance, variables); // an instance carries no foreach list
            var item = OutputJson.Canonical(instance.Item);
            var text = Take();
            Field(text, "instance-of", node);
            Field(text, "key", instance.ItemKey);
            Field(text, "item", item);
            return HashOf(text);
        }

        /// <summary>The hash of <paramref name="node"/>: the planned nodes' from <paramref name="hashes"/>, an instance's computed.</summary>
        public static string Of(NodeDefinition node, IReadOnlyDictionary<string, string> hashes, IReadOnlyDictionary<string, object?> variables)
            => node.InstanceOf != null ? ForInstance(node, variables)
                : hashes.TryGetValue(node.Id, out var hash) ? hash
                : throw new KeyNotFoundException($"No definition hash for node '{node.Id}'.");

        /// <summary>The hash of the workflow's name and every node's hash; file order does not count.</summary>
        public static string ForWorkflow(WorkflowDefinition workflow, IReadOnlyDictionary<string, object?> variables)
            => ForWorkflow(Guard.NotNull(workflow).Name, ForNodes(workflow.Nodes, variables));

        /// <summary>The hash of a workflow from its name and the <paramref name="nodeHashes"/> of all its nodes.</summary>
        /// <remarks>
        /// The text (one field per node, sorted) is hashed as it is written, 16 K characters at a time: for 10,000 nodes
        /// it is about 1 MB, and building it as one string and one byte array took 40 % of the time.
        /// </remarks>
        public static string ForWorkflow(string workflowName, IReadOnlyDictionary<string, string> nodeHashes)
        {
            Guard.NotNull(workflowName);
            var nodes = new KeyValuePair<string, string>[Guard.NotNull(nodeHashes).Count];
            var order = new int[nodes.Length];
            int count = 0;
            foreach (var node in nodeHashes)
            {
                nodes[count] = new KeyValuePair<string, string>(node.Key.ToLowerInvariant(), node.Value);
                order[count] = count;
                count++;
            }

            // Sorted by lower-cased name, ties (names that differ only in rare case mappings) in the dictionary's order.
            Array.Sort(order, (x, y) =>
            {
                int byName = string.CompareOrdinal(nodes[x].Key, nodes[y].Key);
                return byName != 0 ? byName : x.CompareTo(y);
            });

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var text = new StringBuilder(StreamedText + 256);
            Field(text, "workflow", workflowName);
            foreach (int i in order)
            {
                Field(text, "node " + nodes[i].Key, nodes[i].Value);
                if (text.Length >= StreamedText)
                {
                    AppendUtf8(hash, text); // whole fields only, so no character is split between two pieces
                }
            }

            AppendUtf8(hash, text);
            return Hex(hash.GetHashAndReset());
        }

        /// <summary>The modules (name, path, version) and the setup script (text, or the file's content): editing either re-runs every node.</summary>
        private static void SharedField(StringBuilder text, SharedCode shared, ISet<string> names)
        {
            Field(text, "modules", string.Join("\n", shared.Modules.Select(m => $"{m.Path ?? m.Name.ToLowerInvariant()}|{m.Version}")));
            Field(text, "setup", shared.Setup?.Text);
            var (contentHash, content) = shared.ResolvedSetupFile != null ? ReadScriptFile(shared.ResolvedSetupFile) : (null, null);
            ScriptVariables.CollectShared(shared, content, names);
            if (shared.ResolvedSetupFile != null)
            {
                Field(text, "setup-file", contentHash);
            }
        }

        /// <summary>The retry field's text; the last spec's is kept, since most nodes share one (none, or the defaults').</summary>
        private static string RetryText(RetrySpec retry)
        {
            var last = lastRetry;
            if (last == null || !ReferenceEquals(last.Item1, retry))
            {
                lastRetry = last = Tuple.Create(retry, Retry(retry));
            }

            return last.Item2;
        }

        /// <summary>The needs' ids, lower case, distinct and sorted, joined by commas.</summary>
        private static string NeedsText(IReadOnlyList<NodeReference> needs)
            => needs.Count switch
            {
                0 => string.Empty,
                1 => needs[0].Id.ToLowerInvariant(),
                _ => string.Join(",", needs.Select(n => n.Id.ToLowerInvariant()).Distinct().OrderBy(id => id, StringComparer.Ordinal)),
            };

        private static string Retry(RetrySpec retry)
            => string.Join(
                ",",
                retry.Attempts.ToString(CultureInfo.InvariantCulture),
                retry.Delay.Ticks.ToString(CultureInfo.InvariantCulture),
                retry.Backoff.ToString(),
                retry.MaxDelay?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "none",
                retry.Jitter ? "jitter" : "exact");

        /// <summary><c>with</c> as a hashtable, so its canonical text is sorted by key: binding is by name, not order.</summary>
        private static System.Collections.Hashtable ToHashtable(IReadOnlyDictionary<string, object?> with)
        {
            var table = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in with)
            {
                table[pair.Key] = pair.Value;
            }

            return table;
        }

        /// <summary>The SHA-256 of the file's bytes, and its text for finding variable names.</summary>
        private static (string Hash, string? Content) ReadScriptFile(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return (MissingFile, null);
            }

            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return (HashOf(bytes), reader.ReadToEnd());
        }
    }
}
