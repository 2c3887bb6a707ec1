using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.ForEach;
using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.ForEach
{
    /// <summary>The items and keys of a foreach with <c>key:</c>, worked out in a real runspace.</summary>
    public sealed class ForEachItemsScriptTests : System.IDisposable
    {
        private readonly RunspaceNodeExecutor executor = new RunspaceNodeExecutor();
        private readonly LogWatcher logs = new LogWatcher();

        public void Dispose() => executor.Dispose();

        private Task<NodeExecution> ItemsAsync(string yaml, IReadOnlyDictionary<string, object?>? needs = null)
            => executor.ExecuteAsync(NodeRequests.For(NodeRequests.Run(Load.Valid(yaml)), "a", logs, needs, NodeScriptPart.ForEachItems), CancellationToken.None).Within();

        private static string ErrorId(NodeExecution execution) => ((ErrorRecord)execution.Error!).FullyQualifiedErrorId;

        [Fact]
        public async Task AnExpression_GivesItsOutputAsItems_AndTheKeyOfEach()
        {
            var needs = new Dictionary<string, object?> { ["up"] = new object?[] { PSObject.AsPSObject(new { Day = "2026-11-30", N = 1 }), PSObject.AsPSObject(new { Day = "2026-12-01", N = 2 }) } };

            var result = await ItemsAsync("nodes:\n  up: { run: y }\n  a:\n    needs: up\n    run: x\n    foreach: { items: $Needs.up, key: $Item.Day }\n", needs);

            Assert.Equal(NodeOutcome.Succeeded, result.Outcome);
            Assert.Equal(new[] { "2026-11-30", "2026-12-01" }, result.ItemKeys);
            Assert.Equal(new object[] { 1, 2 }, result.Output.Select(i => ((PSObject)i!).Properties["N"].Value));
            Assert.Empty(logs.Logs);
        }

        [Fact]
        public async Task AFileList_IsKeyedInTheRunspaceToo_AndTheKeySeesNeeds()
        {
            var needs = new Dictionary<string, object?> { ["up"] = "eu" };

            var result = await ItemsAsync("nodes:\n  up: { run: y }\n  a:\n    needs: up\n    run: x\n    foreach:\n      items: [{ name: web }, { name: db }]\n      key: '\"$($Needs.up)-$($Item.name)\"'\n", needs);

            Assert.Equal(new[] { "eu-web", "eu-db" }, result.ItemKeys);
            Assert.Equal(2, result.Output.Count);
        }

        [Fact]
        public async Task AKeyThatIsANumberOrADate_IsItsInvariantText()
        {
            var result = await ItemsAsync("nodes:\n  a:\n    run: x\n    foreach: { items: '1.5, 2', key: \"if ($Item -is [double]) { $Item } else { [datetime]::new(2026, 11, 30) }\" }\n");

            Assert.Equal(new[] { "1.5", "11/30/2026 00:00:00" }, result.ItemKeys);
        }

        [Fact]
        public async Task AnItemThatIsAList_StaysOneItem()
        {
            var result = await ItemsAsync("nodes:\n  a:\n    run: x\n    foreach: { items: ',@(1, 2)', key: $Item.Count }\n");

            Assert.Equal(new[] { "2" }, result.ItemKeys);
            Assert.Single(result.Output);
        }

        [Fact]
        public async Task AKeyThatThrows_FailsNamingTheItem()
        {
            var result = await ItemsAsync("nodes:\n  a:\n    run: x\n    foreach: { items: [a, b], key: \"if ($Item -eq 'b') { throw 'no key for b' } else { $Item }\" }\n");

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Equal(ForEachKeyErrors.Failed, ErrorId(result));
            Assert.Contains("item 1 (0-based) threw: no key for b", ((ErrorRecord)result.Error!).Exception.Message);
        }

        [Theory]
        [InlineData("$null", "no value")]
        [InlineData("@()", "no value")]
        [InlineData("$Item, $Item", "2 values")]
        public async Task AKeyThatIsNotOneValue_Fails(string key, string problem)
        {
            var result = await ItemsAsync($"nodes:\n  a:\n    run: x\n    foreach: {{ items: [a], key: '{key}' }}\n");

            Assert.Equal(ForEachKeyErrors.Invalid, ErrorId(result));
            Assert.Contains(problem, ((ErrorRecord)result.Error!).Exception.Message);
        }

        [Fact]
        public async Task AnItemsExpressionThatThrows_FailsTheNodeAsWithoutKey()
        {
            var result = await ItemsAsync("nodes:\n  a:\n    run: x\n    foreach: { items: \"throw 'no items'\", key: $Item }\n");

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Contains("no items", result.Error!.ToString());
        }

        [Fact]
        public void Read_OutputWithoutTheKeys_FailsInsteadOfGuessing()
        {
            var result = ForEachItemsScript.Read("a", new object?[] { "item" });

            Assert.Equal(NodeOutcome.Failed, result.Outcome);
            Assert.Equal(ForEachKeyErrors.Failed, ErrorId(result));
        }
    }
}
