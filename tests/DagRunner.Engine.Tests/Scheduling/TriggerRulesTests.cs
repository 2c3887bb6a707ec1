using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class TriggerRulesTests
    {
        /// <summary>One letter per need: how that need ended.</summary>
        private static readonly Dictionary<char, (NodeStatus, NodeReason)> Need = new Dictionary<char, (NodeStatus, NodeReason)>
        {
            ['S'] = (NodeStatus.Succeeded, NodeReason.None),
            ['D'] = (NodeStatus.Succeeded, NodeReason.Degraded),
            ['A'] = (NodeStatus.Failed, NodeReason.AllowedFailure),
            ['F'] = (NodeStatus.Failed, NodeReason.None),
            ['T'] = (NodeStatus.Failed, NodeReason.TimedOut),
            ['K'] = (NodeStatus.Skipped, NodeReason.UpstreamSkipped),
            ['Q'] = (NodeStatus.Skipped, NodeReason.ConditionFalse),
            ['N'] = (NodeStatus.NotRun, NodeReason.RunCancelled),
            ['X'] = (NodeStatus.Cancelled, NodeReason.RunCancelled),
        };

        // S succeeded, D succeeded (degraded), A allowed failure, F failed, T timed out,
        // K skipped (upstream), Q skipped (if: false), N not run, X cancelled. "" = no needs.
        [Theory]
        [InlineData("Success", "", "Run")]
        [InlineData("Success", "S", "Run")]
        [InlineData("Success", "SS", "Run")]
        [InlineData("Success", "D", "Run")]
        [InlineData("Success", "A", "Run")]
        [InlineData("Success", "SA", "Run")]
        [InlineData("Success", "F", "UpstreamFailed")]
        [InlineData("Success", "T", "UpstreamFailed")]
        [InlineData("Success", "SF", "UpstreamFailed")]
        [InlineData("Success", "AF", "UpstreamFailed")]
        [InlineData("Success", "KF", "UpstreamFailed")]
        [InlineData("Success", "QF", "UpstreamFailed")]
        [InlineData("Success", "NF", "UpstreamFailed")]
        [InlineData("Success", "K", "UpstreamSkipped")]
        [InlineData("Success", "Q", "UpstreamSkipped")]
        [InlineData("Success", "SQ", "UpstreamSkipped")]
        [InlineData("Success", "AK", "UpstreamSkipped")]
        [InlineData("Success", "N", "UpstreamSkipped")]
        [InlineData("Success", "X", "UpstreamSkipped")]
        [InlineData("NotFailed", "", "Run")]
        [InlineData("NotFailed", "S", "Run")]
        [InlineData("NotFailed", "D", "Run")]
        [InlineData("NotFailed", "A", "Run")]
        [InlineData("NotFailed", "K", "Run")]
        [InlineData("NotFailed", "Q", "Run")]
        [InlineData("NotFailed", "SAQK", "Run")]
        [InlineData("NotFailed", "F", "UpstreamFailed")]
        [InlineData("NotFailed", "T", "UpstreamFailed")]
        [InlineData("NotFailed", "QF", "UpstreamFailed")]
        [InlineData("NotFailed", "AF", "UpstreamFailed")]
        [InlineData("NotFailed", "NF", "UpstreamFailed")]
        [InlineData("NotFailed", "N", "UpstreamSkipped")]
        [InlineData("NotFailed", "X", "UpstreamSkipped")]
        [InlineData("NotFailed", "SQN", "UpstreamSkipped")]
        [InlineData("Failure", "", "NoUpstreamFailure")]
        [InlineData("Failure", "S", "NoUpstreamFailure")]
        [InlineData("Failure", "D", "NoUpstreamFailure")]
        [InlineData("Failure", "K", "NoUpstreamFailure")]
        [InlineData("Failure", "Q", "NoUpstreamFailure")]
        [InlineData("Failure", "N", "NoUpstreamFailure")]
        [InlineData("Failure", "X", "NoUpstreamFailure")]
        [InlineData("Failure", "SKQNX", "NoUpstreamFailure")]
        [InlineData("Failure", "F", "Run")]
        [InlineData("Failure", "T", "Run")]
        [InlineData("Failure", "A", "Run")]
        [InlineData("Failure", "SF", "Run")]
        [InlineData("Failure", "KA", "Run")]
        [InlineData("Failure", "NQF", "Run")]
        [InlineData("Always", "", "Run")]
        [InlineData("Always", "S", "Run")]
        [InlineData("Always", "A", "Run")]
        [InlineData("Always", "F", "Run")]
        [InlineData("Always", "T", "Run")]
        [InlineData("Always", "K", "Run")]
        [InlineData("Always", "Q", "Run")]
        [InlineData("Always", "N", "Run")]
        [InlineData("Always", "X", "Run")]
        [InlineData("Always", "SDAFTKQNX", "Run")]
        public void EachRuleAndMixOfNeeds_DecidesAsTheTruthTableSays(string rule, string needs, string expected)
        {
            var when = Enum.Parse<TriggerRule>(rule);
            var statuses = needs.Select(c => Need[c]).ToList();

            var decision = TriggerRules.Decide(when, statuses);
            var reversed = TriggerRules.Decide(when, Enumerable.Reverse(statuses));

            Assert.Equal(expected, decision.Runs ? "Run" : decision.SkipReason.ToString());
            Assert.True(decision.Runs == (decision.SkipReason == NodeReason.None), "a skip always has a reason, a run none");
            Assert.Equal(decision.ToString(), reversed.ToString());
        }

        [Fact]
        public void Tally_CountsEveryNeedInExactlyOneBucket()
        {
            var tally = default(NeedTally);
            foreach (var need in Need.Values)
            {
                tally = tally.Add(need.Item1, need.Item2);
            }

            Assert.Equal(Need.Count, tally.Total);
            Assert.Equal((2, 1, 2, 2, 2), (tally.Succeeded, tally.AllowedFailures, tally.Failed, tally.Skipped, tally.DidNotFinish));
        }
    }
}
