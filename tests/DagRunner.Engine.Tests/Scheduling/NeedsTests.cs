using System;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Scheduling
{
    public class NeedsTests
    {
        [Fact]
        public async Task Needs_HoldsEachDirectNeedsOutput_AsOneObjectAnArrayOrNull()
        {
            var shared = new object();
            using var run = RunHarness.Start(Dag("one", "many", "none", "d:one,many,none", "e:d"), autoComplete: r => r.Node.Id switch
            {
                "one" => NodeExecution.Succeeded(new object?[] { shared }),
                "many" => NodeExecution.Succeeded(new object?[] { 1, "two" }),
                "none" => NodeExecution.Succeeded(Array.Empty<object?>()),
                _ => NodeExecution.Succeeded(new object?[] { r.Node.Id }),
            });
            await run.Result();

            var needs = run.Executor.Requests["d"].Needs;
            Assert.Equal(3, needs.Count);
            Assert.Same(shared, needs["one"]);
            Assert.Equal(new object?[] { 1, "two" }, Assert.IsType<object?[]>(needs["MANY"]));
            Assert.True(needs.ContainsKey("None"));
            Assert.Null(needs["none"]);

            var onlyDirect = run.Executor.Requests["e"].Needs;
            Assert.Equal(new[] { "d" }, onlyDirect.Keys);
            Assert.Equal("d", onlyDirect["d"]);
            Assert.Empty(run.Executor.Requests["one"].Needs);
        }

        [Fact]
        public async Task Needs_OfAFailedOrSkippedNeed_IsNull_ForNodesThatRunAnyway()
        {
            using var run = RunHarness.Start(Dag("bad", "fin:bad when=always"), autoComplete: r => r.Node.Id == "bad"
                ? NodeExecution.Failed("boom")
                : NodeExecution.Succeeded(Array.Empty<object?>()));
            await run.Result();

            Assert.Null(run.Executor.Requests["fin"].Needs["bad"]);
        }

        [Fact]
        public async Task Request_CarriesTheRunContextTheAttemptAndTheSink()
        {
            var workflow = Dag("vars", new[] { "a" }, w => w.Variables["Configuration"] = "Release");
            using var run = RunHarness.Start(workflow, o => o.Parameters = new System.Collections.Generic.Dictionary<string, object?> { ["configuration"] = "Debug" },
                r => NodeExecution.Succeeded(Array.Empty<object?>()));
            await run.Result();

            var request = run.Executor.Requests["a"];
            Assert.Same(workflow.Nodes[0], request.Node);
            Assert.Equal(1, request.Attempt);
            Assert.Same(run.Sink, request.Events);
            Assert.Same(run.Runner.Context, request.Run);
            Assert.Equal(run.Runner.RunId, request.Run.RunId);
            Assert.Equal("Debug", request.Run.Variables["CONFIGURATION"]);
        }
    }
}
