using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution;
using DagRunner.Engine.Execution.Remote;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Remote
{
    /// <summary>What travels to the host with each attempt of a remote node.</summary>
    public class RemotePayloadTests
    {
        private const string Workflow = "name: wf\nvariables: { region: eu, config: { zone: a } }\nhosts:\n  web1: { hostName: w1 }\nnodes:\n  build: { run: x }\n  deploy: { needs: build, run: \"'deploy'\", fallback: \"'rollback'\", on: web1 }\n";

        private static readonly RunspaceExecutorOptions Options = new RunspaceExecutorOptions { VerbosePreference = ActionPreference.Continue };

        private static Hashtable Build(NodeScriptPart part = NodeScriptPart.ConditionAndBody, object? lastError = null, RunContext? run = null)
        {
            run ??= NodeRequests.Run(Load.Valid(Workflow));
            var request = NodeRequests.For(run, "deploy", new LogWatcher(), new Dictionary<string, object?> { ["build"] = "v1" }, part, attempt: 2, lastError: lastError);
            return RemotePayload.Build(request, run.Workflow.Hosts["web1"], Options);
        }

        [Fact]
        public void TheRunScript_TravelsAsRunPs1()
        {
            var payload = Build();

            Assert.Equal(("'deploy'", "run.ps1"), ((string)payload["ScriptText"]!, (string)payload["ScriptName"]!));
        }

        [Fact]
        public void TheFallback_TravelsAsFallbackPs1()
        {
            var payload = Build(NodeScriptPart.Fallback, lastError: "boom");

            Assert.Equal(("'rollback'", "fallback.ps1"), ((string)payload["ScriptText"]!, (string)payload["ScriptName"]!));
            var dag = (PSObject)payload["Dag"]!;
            Assert.Equal(true, dag.Properties["IsFallback"].Value);
            Assert.Equal("boom", dag.Properties["LastError"].Value);
        }

        [Fact]
        public void TheVariablesNeedsAndPreferences_Travel()
        {
            var payload = Build();

            var variables = (Hashtable)payload["Variables"]!;
            Assert.Equal("eu", variables["REGION"]);
            Assert.Equal("v1", ((Hashtable)payload["Needs"]!)["build"]);
            Assert.Equal("Continue", payload["VerbosePreference"]);
            Assert.Equal("SilentlyContinue", payload["DebugPreference"]);
        }

        [Fact]
        public void Dag_SaysWhichRunNodeAttemptAndHost()
        {
            var dag = (PSObject)Build()["Dag"]!;

            Assert.Equal("wf", dag.Properties["Name"].Value);
            Assert.Equal("run-1", dag.Properties["RunId"].Value);
            Assert.Equal("deploy", dag.Properties["Node"].Value);
            Assert.Equal(2, dag.Properties["Attempt"].Value);
            Assert.Equal("web1", dag.Properties["Host"].Value);
            Assert.Equal(false, dag.Properties["IsFallback"].Value);
        }

        [Fact]
        public void TheVariablesThatTravel_AreCopies_OfTheRunsOwn()
        {
            var run = NodeRequests.Run(Load.Valid(Workflow));
            var payload = Build(run: run);

            ((IDictionary)((Hashtable)payload["Variables"]!)["config"]!)["zone"] = "changed";

            Assert.Equal("a", ((IDictionary)run.Variables["config"]!)["zone"]);
        }

        [Fact]
        public void TheScriptFolder_DiffersForDifferentScripts_AndIsTheSameForTheSameOne()
        {
            var run = Build();
            var again = Build();
            var fallback = Build(NodeScriptPart.Fallback);

            Assert.Equal(run["ScriptHash"], again["ScriptHash"]);
            Assert.NotEqual(run["ScriptHash"], fallback["ScriptHash"]);
            Assert.Matches("^[0-9a-f]{24}$", (string)run["ScriptHash"]!);
        }

        [Theory]
        [InlineData("deploy.ps1", "deploy.ps1")]
        [InlineData("deploy[1].ps1", "deploy_1_.ps1")]
        [InlineData("deploy.sh", "deploy.sh.ps1")]
        public void AFileNodesScript_TravelsUnderItsOwnName_AsAPs1File(string fileName, string travelsAs)
        {
            using var folder = new TempDirectory();
            var node = new NodeDefinition { Id = "f", ResolvedFile = folder.Write(fileName, "'from file'") };

            var (text, name) = RemotePayload.Script(node, NodeScriptPart.Body);

            Assert.Equal(("'from file'", travelsAs), (text, name));
        }

        [Fact]
        public void AFileNodeWhoseFileIsGone_CannotBuildItsPayload()
        {
            var node = new NodeDefinition { Id = "f", ResolvedFile = Path.Combine(Path.GetTempPath(), "dagrunner-tests", "gone", "deploy.ps1") };

            Assert.ThrowsAny<IOException>(() => RemotePayload.Script(node, NodeScriptPart.Body));
        }
    }
}
