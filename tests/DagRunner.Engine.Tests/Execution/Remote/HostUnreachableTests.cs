using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Remote;
using DagRunner.Engine.Results;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    /// <summary>What the scheduler makes of remote nodes, on the fake executor: the HostUnreachable reason and on: lists.</summary>
    public class HostUnreachableTests
    {
        private const string Hosts = "hosts:\n  web1: { hostName: w1 }\n  web2: { hostName: w2 }\n";

        private static NodeExecution Unreachable(NodeExecutionRequest r)
            => new NodeExecution(NodeOutcome.Failed, null, new ErrorRecord(new HostUnreachableException("web1", "down"), "HostUnreachable", ErrorCategory.ConnectionError, r.Node.Id), 0, NodeReason.HostUnreachable);

        [Fact]
        public async Task A_host_that_cannot_be_reached_fails_its_node_with_Reason_HostUnreachable_and_only_it()
        {
            var workflow = Load.Valid(Hosts + "nodes:\n  a: { run: x, on: web1, retry: { attempts: 2, delay: 0s } }\n  b: { run: x, on: web2 }\n  c: { run: x, needs: a }\n");
            var result = await RunHarness.RunAllAsync(workflow, autoComplete: r => r.Node.Host == "web1" ? Unreachable(r) : NodeExecution.Succeeded(new object?[] { r.Node.Id }));

            Assert.Equal(NodeStatus.Failed, result["a"]!.Status);
            Assert.Equal(NodeReason.HostUnreachable, result["a"]!.Reason);
            Assert.Equal(2, result["a"]!.Attempts);
            Assert.Equal(NodeStatus.Succeeded, result["b"]!.Status);
            Assert.Equal(NodeReason.UpstreamFailed, result["c"]!.Reason);
            Assert.Equal(DagRunStatus.Failed, result.Status);
        }

        [Fact]
        public async Task ContinueOnError_still_says_AllowedFailure_and_a_retry_that_reaches_the_host_says_nothing()
        {
            var workflow = Load.Valid(Hosts + "nodes:\n  allowed: { run: x, on: web1, continueOnError: true }\n  flaky: { run: x, on: web1, retry: { attempts: 2, delay: 0s } }\n");
            var result = await RunHarness.RunAllAsync(workflow, autoComplete: r => r.Node.Id == "allowed" || r.Attempt == 1 ? Unreachable(r) : NodeExecution.Succeeded(Array.Empty<object?>()));

            Assert.Equal(NodeReason.AllowedFailure, result["allowed"]!.Reason);
            Assert.Equal(NodeStatus.Succeeded, result["flaky"]!.Status);
            Assert.Equal(NodeReason.None, result["flaky"]!.Reason);
            Assert.Equal(DagRunStatus.Succeeded, result.Status);
        }

        [Fact]
        public async Task A_node_on_several_hosts_runs_one_instance_per_host_each_on_its_own_host()
        {
            var workflow = Load.Valid(Hosts + "nodes:\n  deploy: { run: x, on: [web1, web2] }\n  verify: { run: x, needs: deploy }\n");
            using var run = RunHarness.Start(workflow, autoComplete: r => NodeExecution.Succeeded(new object?[] { $"{r.Node.Host}:{r.Node.Item}" }));
            var result = await run.Result();

            Assert.Equal(new[] { "deploy", "deploy[web1]", "deploy[web2]", "verify" }, result.Nodes.Select(n => n.Name));
            Assert.Equal(new[] { "web1" }, run.Executor.Requests["deploy[web1]"].Node.On);
            Assert.Equal(new[] { "web2" }, run.Executor.Requests["deploy[web2]"].Node.On);
            Assert.Equal(new object?[] { "web1:web1", "web2:web2" }, result["deploy"]!.Output);
            Assert.Null(run.Executor.Requests["verify"].Node.Host);
        }
    }
}
