using System;
using System.Linq;
using System.Text;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>What Resume-Dag will do, node by node, for <c>-WhatIf</c>.</summary>
    internal static class ResumeText
    {
        public static string Format(ResumePlan resume, string checkpointPath)
        {
            var state = resume.Checkpoint;
            var sb = new StringBuilder();
            sb.AppendLine($"Resume run {state.RunId} of workflow '{state.WorkflowName}' (session {state.Session + 1}) from {checkpointPath}: {resume.RestoredCount} restored, {resume.RerunCount} to run.");
            int width = Math.Min(40, resume.Decisions.Count == 0 ? 4 : resume.Decisions.Max(d => d.Name.Length) + 2);
            foreach (var decision in resume.Decisions)
            {
                Line(sb, decision, width, indent: "  ");
                if (!decision.Restore && decision.Node.Definition.ForEach != null)
                {
                    // Its items are known when it runs; each instance the checkpoint has is judged as if its item is unchanged.
                    foreach (var recorded in resume.RecordedInstances(decision.Name))
                    {
                        var instance = new PlanNode(decision.Node.Definition with { Id = recorded.Name, InstanceOf = decision.Name, ForEach = null }, decision.Node.Level, decision.Node.Needs, Array.Empty<string>(), 0, 0, false);
                        var predicted = resume.Instance(instance, decision.Name, recorded.DefinitionHash ?? string.Empty);
                        Line(sb, predicted, width, indent: "    ", suffix: predicted.Restore ? " (if its item is still in the list, unchanged)" : null);
                    }
                }
            }

            return sb.ToString().TrimEnd();
        }

        private static void Line(StringBuilder sb, ResumeDecision decision, int width, string indent, string? suffix = null)
        {
            sb.Append(indent).Append(decision.Restore ? "restore  " : "run      ").Append(decision.Name.PadRight(width - indent.Length + 2)).Append("  ");
            sb.Append(Why(decision)).AppendLine(suffix);
        }

        private static string Why(ResumeDecision decision)
        {
            var previous = decision.Previous;
            var when = previous?.EndTime is DateTime end ? $" at {end:yyyy-MM-dd HH:mm:ss}" : string.Empty;
            switch (decision.Reason)
            {
                case NodeReason.Resumed:
                    return $"succeeded{when}, unchanged: output restored";
                case NodeReason.DefinitionChanged:
                    return "its definition changed";
                case NodeReason.InputsChanged:
                    return decision.Detail ?? "its inputs changed";
                case NodeReason.RerunRequested:
                    return decision.Detail ?? "-Rerun names it";
                case NodeReason.Invalidated:
                    return decision.Detail ?? "its success was invalidated";
                case NodeReason.UpstreamChanged:
                    return decision.Detail != null ? $"a node it needs runs again ({decision.Detail})" : "a node it needs runs again";
                case NodeReason.PreviouslyFailed:
                    return $"failed{when}: {previous?.ErrorMessage}";
                case NodeReason.PreviouslyCancelled:
                    return "was stopped (Ctrl+C or SIGTERM)";
                case NodeReason.PreviouslyInterrupted:
                    return previous?.Status == NodeStatus.Running
                        ? "is running now, in a run that holds the lock"
                        : "was running when its process died (killed, crashed or the machine restarted)";
                case NodeReason.PreviouslySkipped:
                    return $"was skipped ({previous?.Reason})";
                case NodeReason.PreviouslyNotRun:
                    return "never ran";
                default:
                    return decision.Reason.ToString();
            }
        }
    }
}
