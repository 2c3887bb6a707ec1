using System;
using System.Linq;
using System.Text;
using DagRunner.Checkpoints;
using DagRunner.Results;

namespace DagRunner.Commands.Hosting
{
    /// <summary>What Resume-Dag will do, node by node, for <c>-WhatIf</c>.</summary>
    internal static class ResumeText
    {
        public static string Format(ResumePlan resume, string checkpointPath)
        {
            var state = resume.Checkpoint;
            var sb = new StringBuilder();
            sb.AppendLine($"Resume run {state.RunId} of workflow '{state.WorkflowName}' (session {state.Session + 1}) from {checkpointPath}: {resume.RestoredCount} restored, {resume.RerunCount} to run.");
            int width = Math.Min(40, resume.Decisions.Count == 0 ? 4 : resume.Decisions.Max(d => d.Name.Length));
            foreach (var decision in resume.Decisions)
            {
                sb.Append(decision.Restore ? "  restore  " : "  run      ").Append(decision.Name.PadRight(width)).Append("  ");
                sb.AppendLine(Why(decision));
            }

            return sb.ToString().TrimEnd();
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
                case NodeReason.UpstreamChanged:
                    return "a node it needs runs again";
                case NodeReason.PreviouslyFailed:
                    return $"failed{when}: {previous?.ErrorMessage}";
                case NodeReason.PreviouslyCancelled:
                    return "was stopped (Ctrl+C or SIGTERM)";
                case NodeReason.PreviouslyInterrupted:
                    return "was running when its process died (killed, crashed or the machine restarted)";
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
