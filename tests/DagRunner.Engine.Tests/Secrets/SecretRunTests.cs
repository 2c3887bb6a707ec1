using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Protocol;
using DagRunner.Engine.Results;
using DagRunner.Engine.Scheduling;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.TestDag;

namespace DagRunner.Engine.Tests.Secrets
{
    /// <summary>A run with secrets: nodes get them as variables, and nothing that leaves the engine holds their values.</summary>
    public class SecretRunTests : IDisposable
    {
        private const string Secret = "s3cr3t-VALUE-42";
        private static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string> { ["apiToken"] = Secret };
        private readonly CheckpointFiles files = new CheckpointFiles();

        public void Dispose() => files.Dispose();

        private static WorkflowDefinition Workflow() => Dag("test", new[] { "a", "b:a" }, w => w.Variables["Configuration"] = "Release");

        private Task<DagRunResult> Run(FakeExecutor executor, RecordingSink sink, IReadOnlyDictionary<string, string>? secrets = null, CheckpointState? resumeFrom = null)
        {
            var options = new RunOptions { CheckpointPath = files.Path, Secrets = secrets ?? Secrets, ResumeFrom = resumeFrom };
            return new WorkflowRunner(Workflow(), options, executor, sink).RunAsync(default);
        }

        private static PSObject Leaky(string value)
        {
            var output = new PSObject();
            output.Properties.Add(new PSNoteProperty("Url", "https://x/?token=" + value));
            return output;
        }

        [Fact]
        public async Task NodesGetTheSecretsAsVariables_ButHashesDoNot()
        {
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(Array.Empty<object?>()) };

            await Run(executor, new RecordingSink()).Within();

            var run = executor.Requests["a"].Run;
            Assert.Equal(Secret, run.NodeVariables["APITOKEN"]);
            Assert.Equal("Release", run.NodeVariables["Configuration"]);
            Assert.False(run.Variables.ContainsKey("apiToken"));
        }

        [Fact]
        public async Task LogRecordsRetriesAndErrors_LeaveTheEngineMasked()
        {
            var sink = new RecordingSink();
            int attempt = 0;
            var executor = new FakeExecutor
            {
                AutoComplete = r =>
                {
                    if (r.Node.Id == "a")
                    {
                        return NodeExecution.Succeeded(new object?[] { "a" });
                    }

                    r.Events.Publish(new NodeLogEvent(DateTime.Now, "b", NodeLogStream.Information, new InformationRecord(new HostInformationMessage { Message = "calling with " + Secret }, "Write-Host")));
                    r.Events.Publish(new NodeLogEvent(DateTime.Now, "b", NodeLogStream.Output, "out " + Secret));
                    attempt++;
                    return NodeExecution.Failed(new ErrorRecord(new InvalidOperationException($"attempt {attempt}: 401 for {Secret}"), "Unauthorized", ErrorCategory.AuthenticationError, null));
                },
            };
            var workflow = Dag("test", new[] { "a", "b:a retry=2" });
            var clock = new ObservableClock(RunHarness.Epoch);
            var options = new RunOptions { CheckpointPath = files.Path, Secrets = Secrets, Clock = clock };
            var runner = new WorkflowRunner(workflow, options, executor, sink);

            var run = runner.RunAsync(default);
            // Each wait the run begins (the retry delay, the adaptive sampler) is skipped once it has begun.
            for (int timer = 1; !run.IsCompleted; timer++)
            {
                var created = clock.TimerCreated(d => d > TimeSpan.Zero, timer);
                if (await Task.WhenAny(run, created) == created)
                {
                    clock.Advance(await created);
                }
            }

            var result = await run.Within();
            var logs = sink.Events.OfType<NodeLogEvent>().ToArray();
            Assert.Contains(logs, l => l.Data is InformationRecord { MessageData: HostInformationMessage { Message: "calling with ***" } });
            Assert.Contains(logs, l => Equals(l.Data, "out ***"));
            var retry = Assert.Single(sink.Events.OfType<NodeRetryingEvent>());
            Assert.Equal("attempt 1: 401 for ***", ((ErrorRecord)retry.Error!).Exception.Message);
            Assert.Equal("attempt 2: 401 for ***", result["b"]!.ErrorMessage);
            Assert.All(result["b"]!.AttemptRecords, a => Assert.DoesNotContain(Secret, a.Error ?? string.Empty));
            Assert.DoesNotContain(Secret, System.IO.File.ReadAllText(files.Journal) + (System.IO.File.Exists(files.Path) ? System.IO.File.ReadAllText(files.Path) : string.Empty));
        }

        [Fact]
        public async Task AnOutputHoldingASecret_IsMaskedForDependentsTheResultAndTheCheckpoint_WithAWarningNamingTheNode()
        {
            var sink = new RecordingSink();
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { r.Node.Id == "a" ? Leaky(Secret) : "b" }) };

            var result = await Run(executor, sink).Within();

            var needs = (PSObject)executor.Requests["b"].Needs["a"]!;
            Assert.Equal("https://x/?token=***", needs.Properties["Url"].Value);
            Assert.Equal("https://x/?token=***", ((PSObject)result["a"]!.Output[0]!).Properties["Url"].Value);
            var warning = Assert.Single(sink.Events.OfType<NodeLogEvent>(), l => l.Stream == NodeLogStream.Warning);
            Assert.Equal("a", warning.Node);
            Assert.Contains("'a'", (string)warning.Data!);
            Assert.DoesNotContain(Secret, (string)warning.Data!);
            var stored = CheckpointReader.Read(files.Path).Nodes["a"]!.RestoreOutput();
            Assert.Equal("https://x/?token=***", ((PSObject)stored[0]!).Properties["Url"].Value);
            Assert.DoesNotContain(Secret, System.IO.File.ReadAllText(files.Journal));
        }

        [Fact]
        public async Task TheNodeFinishedEventLine_CarriesTheMaskedOutput_TextAndProperties()
        {
            var sink = new RecordingSink();
            var executor = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { r.Node.Id == "a" ? Leaky(Secret) : "b " + Secret }) };

            await Run(executor, sink).Within();

            var lines = sink.Events.OfType<NodeFinishedEvent>().Select(f => RunEventJson.NodeFinished(f.Result, null)).ToList();
            Assert.All(lines, line => Assert.DoesNotContain(Secret, line));
            using var a = System.Text.Json.JsonDocument.Parse(lines[0]);
            Assert.Equal("https://x/?token=***", a.RootElement.GetProperty("outputProperties").GetProperty("Url").GetString());
            using var b = System.Text.Json.JsonDocument.Parse(lines[1]);
            Assert.Equal("b ***", b.RootElement.GetProperty("output").GetString());
        }

        [Fact]
        public async Task ANewSecretValue_DoesNotChangeAnyHash_SoAResumeRunsNothingAgain()
        {
            var executor = new FakeExecutor { AutoComplete = r => r.Node.Id == "b" ? NodeExecution.Failed("b broke") : NodeExecution.Succeeded(new object?[] { "a" }) };
            await Run(executor, new RecordingSink()).Within();
            var first = CheckpointReader.Read(files.Path);

            var again = new FakeExecutor { AutoComplete = r => NodeExecution.Succeeded(new object?[] { r.Node.Id }) };
            var result = await Run(again, new RecordingSink(), new Dictionary<string, string> { ["apiToken"] = "another-value" }, first).Within();

            Assert.Equal(NodeReason.Resumed, result["a"]!.Reason);
            Assert.Equal(new[] { "b" }, again.StartOrder);
            Assert.Equal(first.Nodes["a"]!.DefinitionHash, CheckpointReader.Read(files.Path).Nodes["a"]!.DefinitionHash);
        }

        [Fact]
        public async Task AForEachItemHoldingASecret_IsKeyedByIndex_SoNoNodeIdHoldsTheValue()
        {
            var sink = new RecordingSink();
            var executor = new FakeExecutor
            {
                AutoComplete = r => r.Part == NodeScriptPart.ForEachItems
                    ? NodeExecution.Succeeded(new object?[] { Secret, "other" })
                    : NodeExecution.Succeeded(Array.Empty<object?>()),
            };
            var options = new RunOptions { Secrets = Secrets };

            var result = await new WorkflowRunner(Dag("a", "each:a foreachExpr=$Needs.a"), options, executor, sink).RunAsync(default).Within();

            Assert.Contains("each[0]", result.Nodes.Select(n => n.Name));
            Assert.Contains("each[1]", result.Nodes.Select(n => n.Name));
            Assert.DoesNotContain(sink.Events.OfType<NodeStartedEvent>(), e => e.Node.Contains(Secret));
            Assert.Equal(Secret, executor.Requests["each[0]"].Node.Item); // the instance itself gets the value as $Item
        }
    }
}
