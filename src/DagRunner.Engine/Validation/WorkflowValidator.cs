using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// The checks that need the whole graph: every <c>needs</c> names a node, no node needs itself through others,
    /// and every script parses. Runs on partial definitions too, so one load reports everything.
    /// </summary>
    internal static class WorkflowValidator
    {
        /// <summary>Cycles listed one by one; the rest are counted in one closing diagnostic.</summary>
        private const int MaxCyclesListed = 20;

        /// <summary>Counting stops here: a dense tangle can hold more cycles than are worth enumerating.</summary>
        private const int MaxCyclesCounted = 10_000;

        public static void Validate(WorkflowDefinition workflow, ICollection<Diagnostic> diagnostics)
        {
            var edges = CheckNeeds(workflow.Nodes, diagnostics);
            bool acyclic = ReportCycles(workflow.Nodes, edges, diagnostics);
            var scripts = ParsedScripts.Of(workflow); // once, for every check that reads them
            ScriptSyntaxCheck.Check(workflow, scripts, diagnostics);
            NeedsReferenceCheck.Check(workflow, scripts, diagnostics);
            LoosePipelineVariable.Check(workflow, scripts, diagnostics);
            SharedEnvironmentVariables.Check(workflow, scripts, edges, acyclic, diagnostics);
        }

        /// <summary>Reports unknown and repeated needs; returns each node's valid needs as node indexes (x → y: x needs y).</summary>
        private static IReadOnlyList<IReadOnlyList<int>> CheckNeeds(IReadOnlyList<NodeDefinition> nodes, ICollection<Diagnostic> diagnostics)
        {
            var indexOf = new Dictionary<string, int>();
            for (int i = 0; i < nodes.Count; i++)
            {
                indexOf[nodes[i].Id] = i;
            }

            var ids = nodes.Select(n => n.Id).ToList();
            var edges = new IReadOnlyList<int>[nodes.Count];
            for (int i = 0; i < nodes.Count; i++)
            {
                var targets = new List<int>();
                foreach (var need in nodes[i].Needs)
                {
                    if (!indexOf.TryGetValue(need.Id, out var target))
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownNeedsTarget, need.Location, $"Node '{nodes[i].Id}' needs '{need.Id}', but no node has that id.{Suggestion(need.Id, ids, "needs")}"));
                    }
                    else if (targets.Contains(target))
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticIds.DuplicateKey, need.Location, $"'{need.Id}' is listed twice in the needs of '{nodes[i].Id}'. List it once."));
                    }
                    else
                    {
                        targets.Add(target);
                    }
                }

                edges[i] = targets;
                foreach (var invalidated in nodes[i].Invalidates)
                {
                    if (!indexOf.ContainsKey(invalidated.Id))
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownInvalidatesTarget, invalidated.Location, $"Node '{nodes[i].Id}' invalidates '{invalidated.Id}', but no node has that id.{Suggestion(invalidated.Id, ids, "invalidates")}"));
                    }
                }
            }

            return edges;
        }

        /// <summary>
        /// What the author meant by an id no node has: 'a, t' where a and t are nodes is a list written without its
        /// brackets (as GitHub Actions' needs: allows); else the nearest id, or the ids there are.
        /// </summary>
        private static string Suggestion(string written, IReadOnlyList<string> ids, string key)
        {
            var parts = written.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && parts.All(part => ids.Contains(part)))
            {
                return $" A list is written in brackets: {key}: [{string.Join(", ", parts)}].";
            }

            return NearestName.Suggestion(written, ids, "node ids");
        }

        /// <summary>Reports the cycles; true when there are none.</summary>
        private static bool ReportCycles(IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<IReadOnlyList<int>> edges, ICollection<Diagnostic> diagnostics)
        {
            int listed = 0;
            int unlisted = 0;
            bool countingStopped = false;
            SourceLocation lastLocation = default;
            foreach (var cycle in CycleFinder.Find(edges))
            {
                if (listed < MaxCyclesListed)
                {
                    lastLocation = CycleLocation(nodes, cycle);
                    diagnostics.Add(Diagnostic.Error(DiagnosticIds.Cycle, lastLocation, CycleMessage(nodes, cycle)));
                    listed++;
                }
                else if (listed + ++unlisted >= MaxCyclesCounted)
                {
                    countingStopped = true;
                    break;
                }
            }

            if (unlisted > 0)
            {
                var count = countingStopped ? $"at least {unlisted}" : unlisted.ToString(CultureInfo.InvariantCulture);
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.Cycle, lastLocation, $"... and {count} more cycles. Break the cycles listed above and load the workflow again to see the rest."));
            }

            return listed == 0;
        }

        /// <summary>The first member's <c>needs</c> entry that leads into the cycle.</summary>
        private static SourceLocation CycleLocation(IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<int> cycle)
        {
            var first = nodes[cycle[0]];
            var next = nodes[cycle.Count > 1 ? cycle[1] : cycle[0]].Id;
            return first.Needs.First(need => need.Id == next).Location;
        }

        private static string CycleMessage(IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<int> cycle)
        {
            var path = string.Join(" -> ", cycle.Concat(new[] { cycle[0] }).Select(i => nodes[i].Id));
            if (cycle.Count == 1)
            {
                return $"Node '{nodes[cycle[0]].Id}' needs itself: {path}. Remove '{nodes[cycle[0]].Id}' from its needs.";
            }

            return $"These nodes need each other in a circle, so none of them can start: {path} ('x -> y' means x needs y). Remove one of these needs.";
        }
    }
}
