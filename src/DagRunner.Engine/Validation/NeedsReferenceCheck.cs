using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// Reads each node's scripts for <c>$Needs.x</c>, <c>$Needs['x']</c> and <c>$Needs.'x'</c> and reports every x that
    /// is not in the node's <c>needs</c>, at the reference. At run time such a read is silently <c>$null</c>, the
    /// mistake a user finds last. Dynamic keys (<c>$Needs.$name</c>) and the hashtable's own members
    /// (<c>$Needs.Keys</c>, <c>.Count</c>) are not checked; scripts that do not parse are left to the syntax check.
    /// </summary>
    internal static class NeedsReferenceCheck
    {
        public static void Check(WorkflowDefinition workflow, ParsedScripts parsed, ICollection<Diagnostic> diagnostics)
        {
            HashSet<string>? ids = null;
            foreach (var node in workflow.Nodes)
            {
                foreach (var script in parsed.Of(node))
                {
                    if (!script.IsClean)
                    {
                        continue;
                    }

                    // The reads are found once a text; most scripts have none, and a node with none costs nothing more.
                    foreach (var read in script.NeedsReads)
                    {
                        if (!node.Needs.Any(need => string.Equals(need.Id, read.Key, StringComparison.OrdinalIgnoreCase)))
                        {
                            ids ??= new HashSet<string>(workflow.Nodes.Select(n => n.Id), StringComparer.OrdinalIgnoreCase);
                            var needs = node.Needs.Select(n => n.Id).ToList();
                            var dashed = DashedNeedsIds.AfterRead(read.Key, read.Extent, needs);
                            diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownNeedsReference, script.Locate(read.Extent), Message(node.Id, read.Key, needs, ids, dashed)));
                        }
                    }
                }
            }
        }

        /// <param name="dashed">How to write the need the author meant, when the read is the start of an id with '-'.</param>
        private static string Message(string node, string key, IReadOnlyCollection<string> needs, HashSet<string> ids, string? dashed)
        {
            var reads = $"Node '{node}' reads $Needs.{key}, but '{key}' is not in its needs";
            var listed = needs.Count == 0 ? " (it has none)" : $" ({string.Join(", ", needs)})";
            if (dashed != null)
            {
                return $"{reads}{listed}. {dashed}";
            }

            if (ids.Contains(key))
            {
                return $"{reads}{listed}, so it would be $null. '{key}' is a node: add {key} to the needs of '{node}'.";
            }

            var nearest = NearestName.Find(key, needs);
            var hint = nearest != null ? $" Did you mean '{nearest}'?" : " Name one of its needs, or add the node to its needs.";
            return $"{reads}{listed}, and no node has that id, so it would be $null.{hint}";
        }
    }
}
