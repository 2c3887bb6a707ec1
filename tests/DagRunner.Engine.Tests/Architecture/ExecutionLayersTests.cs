using System.Collections.Generic;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Architecture
{
    /// <summary>
    /// Local and remote execution share the pipeline code and not each other; only the routing executor knows both.
    /// </summary>
    public class ExecutionLayersTests
    {
        private const string Engine = "DagRunner.Engine.";

        private static Dictionary<string, HashSet<string>> Graph()
            => EngineReferences.NamespaceGraph(typeof(WorkflowRunner).Assembly.Location, "DagRunner.Engine");

        [Theory]
        [InlineData("Execution.Runspaces", "Execution.Remote")]
        [InlineData("Execution.Remote", "Execution.Runspaces")]
        [InlineData("Execution.Invocation", "Execution.Runspaces")]
        [InlineData("Execution.Invocation", "Execution.Remote")]
        [InlineData("Execution.Invocation", "Execution.Routing")]
        [InlineData("Execution", "Execution.Routing")]
        [InlineData("Scheduling", "Execution.Runspaces")]
        [InlineData("Scheduling", "Execution.Remote")]
        public void Namespace_DoesNotUse(string user, string used)
        {
            var graph = Graph();

            Assert.True(graph.ContainsKey(Engine + user), $"{user} is not a namespace of the engine any more");
            Assert.DoesNotContain(Engine + used, graph[Engine + user]);
        }

        [Theory]
        [InlineData("Execution.Runspaces", "Execution.Invocation")]
        [InlineData("Execution.Remote", "Execution.Invocation")]
        [InlineData("Execution.Routing", "Execution.Runspaces")]
        [InlineData("Execution.Routing", "Execution.Remote")]
        public void Namespace_Uses(string user, string used)
        {
            // The other half: a walker that saw no reference at all would pass every DoesNotUse above.
            Assert.Contains(Engine + used, Graph()[Engine + user]);
        }
    }
}
