using System;
using System.Globalization;
using System.Linq;
using System.Text;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Planning;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>The plan as text for <c>-WhatIf</c>: levels, each node with what it needs and its conditions, the critical path.</summary>
    internal static class PlanText
    {
        public static string Format(ExecutionPlan plan, int parallelism, ExecutionMode mode)
        {
            var cap = parallelism == int.MaxValue ? "unlimited" : parallelism.ToString(CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            sb.AppendLine(Invariant($"Plan for workflow '{plan.WorkflowName}': {plan.NodeCount} nodes in {plan.LevelCount} levels, width {plan.Width}, parallelism {cap}, mode {mode}."));
            int nameWidth = Math.Min(40, plan.Nodes.Count == 0 ? 4 : plan.Nodes.Max(n => n.Name.Length));
            for (int level = 0; level < plan.Levels.Length; level++)
            {
                sb.AppendLine(Invariant($"  level {level}:"));
                foreach (var name in plan.Levels[level])
                {
                    // A node with nothing after its padded name would end in spaces.
                    sb.AppendLine(NodeLine(plan[name]!, nameWidth).TrimEnd());
                }
            }

            // Invariant: -WhatIf text reads the same on every machine (no decimal commas).
            // With run history the estimates are measured seconds; without, each node counts one unit.
            var unit = plan.EstimateSource == "History" ? "seconds" : "units";
            sb.Append(Invariant($"Critical path (*): {string.Join(" -> ", plan.CriticalPath)} ({plan.EstimatedDuration:0.##} of {plan.TotalWork:0.##} {unit}, estimates: {plan.EstimateSource})."));
            return sb.ToString();
        }

        private static string NodeLine(PlanNode node, int nameWidth)
        {
            var sb = new StringBuilder();
            sb.Append("    ").Append(node.OnCriticalPath ? "* " : "  ").Append(node.Name.PadRight(nameWidth));
            if (node.Needs.Length > 0)
            {
                sb.Append("  needs ").Append(string.Join(", ", node.Needs));
            }

            var def = node.Definition;
            if (def.On.Count > 0)
            {
                sb.Append("  on ").Append(string.Join(", ", def.On));
            }

            if (def.OnAny != null)
            {
                sb.Append("  on any of ").Append(def.OnAny);
            }

            if (def.When != TriggerRule.Success)
            {
                sb.Append("  when ").Append(def.When.ToString().Substring(0, 1).ToLowerInvariant()).Append(def.When.ToString().Substring(1));
            }

            if (def.Condition != null)
            {
                sb.Append("  if ").Append(OneLine(def.Condition.Text));
            }

            if (def.ForEach != null)
            {
                sb.Append("  foreach ").Append(node.ForEachCount.HasValue ? Invariant($"x{node.ForEachCount} items") : "(items at run time)");
            }

            if (def.Invalidates.Count > 0)
            {
                sb.Append("  invalidates ").Append(string.Join(", ", def.Invalidates.Select(n => n.Id)));
            }

            if (def.ContinueOnError)
            {
                sb.Append("  continueOnError");
            }

            if (def.Priority != 0)
            {
                sb.Append("  priority ").Append(def.Priority.ToString(CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        private static string OneLine(string text)
        {
            var line = text.Replace("\r", " ").Replace("\n", " ").Trim();
            return line.Length <= 60 ? line : line.Substring(0, 57) + "...";
        }
    }
}
