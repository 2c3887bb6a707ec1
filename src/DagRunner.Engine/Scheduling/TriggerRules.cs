using System.Collections.Generic;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// The <c>when:</c> rules, as a pure function of a node's rule and how its needs ended. Asked once, when every
    /// need is terminal; the <c>if:</c> is the executor's business and comes after.
    /// </summary>
    internal static class TriggerRules
    {
        /// <summary>
        /// Decides whether a node whose needs have all ended runs, or else why it is Skipped.
        /// <list type="bullet">
        /// <item><c>success</c>: every need Succeeded (an allowed failure counts as succeeded); else UpstreamFailed
        /// when a need Failed, else UpstreamSkipped (a need Skipped, NotRun or Cancelled).</item>
        /// <item><c>notFailed</c>: every need Succeeded, allowed-failed or Skipped; else UpstreamFailed when a need
        /// Failed, else UpstreamSkipped (a need that never ran to an end: NotRun or Cancelled).</item>
        /// <item><c>failure</c>: some need Failed, allowed failures included; else NoUpstreamFailure.</item>
        /// <item><c>always</c>: runs.</item>
        /// </list>
        /// </summary>
        public static TriggerDecision Decide(TriggerRule rule, NeedTally needs)
        {
            switch (rule)
            {
                case TriggerRule.Always:
                    return TriggerDecision.Run;

                case TriggerRule.Failure:
                    return needs.Failed + needs.AllowedFailures > 0 ? TriggerDecision.Run : TriggerDecision.Skip(NodeReason.NoUpstreamFailure);

                case TriggerRule.NotFailed:
                    return needs.Failed > 0 ? TriggerDecision.Skip(NodeReason.UpstreamFailed)
                        : needs.DidNotFinish > 0 ? TriggerDecision.Skip(NodeReason.UpstreamSkipped)
                        : TriggerDecision.Run;

                default:
                    return needs.Failed > 0 ? TriggerDecision.Skip(NodeReason.UpstreamFailed)
                        : needs.Skipped + needs.DidNotFinish > 0 ? TriggerDecision.Skip(NodeReason.UpstreamSkipped)
                        : TriggerDecision.Run;
            }
        }

        /// <summary>Decides from the statuses of the needs directly (for callers that hold them all).</summary>
        public static TriggerDecision Decide(TriggerRule rule, IEnumerable<(NodeStatus Status, NodeReason Reason)> needs)
        {
            var tally = default(NeedTally);
            foreach (var (status, reason) in needs)
            {
                tally = tally.Add(status, reason);
            }

            return Decide(rule, tally);
        }
    }

    /// <summary>Whether a node runs, or the Reason it is Skipped.</summary>
    internal readonly struct TriggerDecision
    {
        public static readonly TriggerDecision Run = new TriggerDecision(true, NodeReason.None);

        private TriggerDecision(bool runs, NodeReason skipReason)
        {
            Runs = runs;
            SkipReason = skipReason;
        }

        public bool Runs { get; }

        /// <summary>Why the node is Skipped; <see cref="NodeReason.None"/> when it runs.</summary>
        public NodeReason SkipReason { get; }

        public static TriggerDecision Skip(NodeReason reason) => new TriggerDecision(false, reason);

        public override string ToString() => Runs ? "Run" : $"Skip ({SkipReason})";
    }
}
