using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Results;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>
    /// A foreach node with <c>key:</c> in the scheduler, on a fake executor: items are "key:payload" and the fake's key is
    /// the text before the colon (the runspace's part is tested in <c>ForEachItemsScriptTests</c>).
    /// </summary>
    public class ForEachKeyExpansionTests
    {
        private static WorkflowDefinition Workflow(params string[] items) => Workflow("$Item.Split(':')[0]", items);

        private static WorkflowDefinition Workflow(string key, string[] items)
            => Load.Valid($"nodes:\n  transform:\n    foreach:\n      items: [{string.Join(", ", items)}]\n      key: {key}\n    run: x\n  report:\n    needs: transform\n    run: y\n");

        /// <summary>The fake's answer: items from the file with their keys, each instance's output its item's payload.</summary>
        private static NodeExecution Keyed(NodeExecutionRequest r)
        {
            if (r.Part != NodeScriptPart.ForEachItems)
            {
                return NodeExecution.Succeeded(new object?[] { r.Node.Item?.ToString()?.Split(':')[1] ?? r.Node.Id });
            }

            var items = r.Node.ForEach!.Items!;
            return new NodeExecution(NodeOutcome.Succeeded, items) { ItemKeys = items.Select(i => ((string)i!).Split(':')[0]).ToArray() };
        }

        [Fact]
        public async Task AFileList_WithKey_IsWorkedOutByTheExecutor_AndItsInstancesAreNamedByKey()
        {
            using var harness = RunHarness.Start(Workflow("'2026-11-30:a'", "'2026-12-01:b'"), autoComplete: Keyed);
            var result = await harness.Result();

            Assert.Equal(NodeScriptPart.ForEachItems, harness.Executor.Requests["transform"].Part);
            Assert.Equal(new[] { "transform", "transform[2026-11-30]", "transform[2026-12-01]", "report" }, result.Nodes.Select(n => n.Name));
            Assert.Equal(new object?[] { "a", "b" }, result["transform"]!.Output);
        }

        [Fact]
        public async Task DuplicateKeys_FailTheNodeBeforeAnyInstanceStarts()
        {
            using var harness = RunHarness.Start(Workflow("'d1:a'", "'d2:b'", "'D1:c'"), autoComplete: Keyed);
            var result = await harness.Result();

            Assert.Equal(NodeStatus.Failed, result["transform"]!.Status);
            Assert.Equal(ForEachKeyErrors.Duplicate, ((ErrorRecord)result["transform"]!.Error!).FullyQualifiedErrorId);
            Assert.Contains("Items 0 and 2", result["transform"]!.ErrorMessage);
            Assert.Equal(new[] { "transform" }, harness.Executor.StartOrder);
            Assert.Equal(NodeReason.UpstreamFailed, result["report"]!.Reason);
        }

        [Fact]
        public async Task AKeyHoldingASecretsValue_FailsTheNode_AndNoNodeIdHoldsIt()
        {
            const string secret = "s3cr3t-VALUE-42";
            var result = await RunHarness.RunAllAsync(
                Workflow($"'{secret}:a'", "'d2:b'"),
                o => o.Secrets = new Dictionary<string, string> { ["apiToken"] = secret },
                Keyed);

            Assert.Equal(ForEachKeyErrors.Secret, ((ErrorRecord)result["transform"]!.Error!).FullyQualifiedErrorId);
            Assert.DoesNotContain(result.Nodes, n => n.Name.Contains(secret));
        }

        [Fact]
        public async Task AnExecutorThatGivesNoKeys_FailsTheNode()
        {
            var result = await RunHarness.RunAllAsync(Workflow("'d1:a'"), autoComplete: r => r.Part == NodeScriptPart.ForEachItems
                ? NodeExecution.Succeeded(r.Node.ForEach!.Items!)
                : Keyed(r));

            Assert.Equal(NodeStatus.Failed, result["transform"]!.Status);
            Assert.DoesNotContain(result.Nodes, n => n.Name.StartsWith("transform[", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Resume_AfterTheKeyWasEdited_WorksOutTheItemsAgain_RunsTheDependents_AndKeepsInstancesWhoseKeysStayed()
        {
            using var files = new CheckpointFiles();
            string[] items = { "'d1:a'", "'d2:b'" };
            await RunHarness.RunAllAsync(Workflow(items), o => o.CheckpointPath = files.Path, Keyed);

            using var resumed = RunHarness.Start(
                Workflow("($Item -split ':')[0]", items),
                o =>
                {
                    o.CheckpointPath = files.Path;
                    o.ResumeFrom = CheckpointReader.Read(files.Path);
                },
                Keyed);
            var second = await resumed.Result();

            Assert.Equal(NodeReason.DefinitionChanged, second["transform"]!.Reason);
            Assert.Equal(NodeReason.UpstreamChanged, second["report"]!.Reason);
            Assert.Equal(new[] { "transform", "report" }, resumed.Executor.StartOrder);
            Assert.Equal(NodeReason.Resumed, second["transform[d1]"]!.Reason);
        }

        [Fact]
        public async Task Resume_AfterTheItemsWereReordered_RestoresEachInstanceByKey_AndRunsOnlyTheFailedOne()
        {
            using var files = new CheckpointFiles();
            var first = await RunHarness.RunAllAsync(
                Workflow("'d1:a'", "'d2:b'", "'d3:c'"),
                o => o.CheckpointPath = files.Path,
                r => r.Node.Id == "transform[d2]" ? NodeExecution.Failed(new InvalidOperationException("d2 is down")) : Keyed(r));
            Assert.Equal(NodeStatus.Failed, first["transform[d2]"]!.Status);

            using var resumed = RunHarness.Start(
                Workflow("'d3:c'", "'d1:a'", "'d2:b'"),
                o =>
                {
                    o.CheckpointPath = files.Path;
                    o.ResumeFrom = CheckpointReader.Read(files.Path);
                },
                Keyed);
            var second = await resumed.Result();

            Assert.Equal(DagRunStatus.Succeeded, second.Status);
            Assert.Equal(new[] { "transform[d3]", "transform[d1]", "transform[d2]" }, second.Nodes.Where(n => n.Name.StartsWith("transform[", StringComparison.Ordinal)).Select(n => n.Name));
            Assert.Equal(NodeReason.Resumed, second["transform[d1]"]!.Reason);
            Assert.Equal(NodeReason.Resumed, second["transform[d3]"]!.Reason);
            Assert.Equal(new object?[] { "a" }, second["transform[d1]"]!.Output);
            Assert.DoesNotContain(resumed.Executor.StartOrder, id => id == "transform[d1]" || id == "transform[d3]");
            Assert.Contains("transform[d2]", resumed.Executor.StartOrder);
            Assert.Equal(new object?[] { "c", "a", "b" }, second["transform"]!.Output);
        }
    }
}
