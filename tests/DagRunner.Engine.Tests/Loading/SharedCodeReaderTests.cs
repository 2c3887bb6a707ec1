using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    /// <summary><c>modules:</c> and <c>setup:</c> read as written, each problem at its own position.</summary>
    public class SharedCodeReaderTests
    {
        private const string Nodes = "nodes:\n  a: { run: 1 }\n";

        [Fact]
        public void NamesPathsAndVersions_AreRead()
        {
            using var folder = new TempDirectory();
            folder.Write("tools/Deploy.psm1", "function X {}");
            var path = folder.Write("w.dag.yaml", "modules: [Az.Accounts, ./tools/Deploy.psm1, { name: Pester, version: 5.* }]\nsetup: { file: ./tools/Deploy.psm1 }\n" + Nodes);

            var workflow = Engine.Loading.WorkflowLoader.LoadFile(path).Workflow!;

            var modules = workflow.Shared.Modules;
            Assert.Equal(new[] { "Az.Accounts", "./tools/Deploy.psm1", "Pester" }, modules.Select(m => m.Name));
            Assert.Null(modules[0].Path);
            Assert.Equal(System.IO.Path.Combine(folder.Path, "tools", "Deploy.psm1"), modules[1].Path);
            Assert.Equal("5.*", modules[2].Version);
            Assert.EndsWith("Deploy.psm1", workflow.Shared.ResolvedSetupFile);
        }

        [Fact]
        public void ASetupText_KeepsItsPosition()
        {
            var workflow = Load.Valid("setup: |\n  function Get-X { 1 }\n" + Nodes);

            Assert.Equal((2, 3), (workflow.Shared.Setup!.Location.Line, workflow.Shared.Setup.Location.Column));
            Assert.Same(workflow.Shared, workflow.Nodes[0].Shared);
        }

        [Theory]
        [InlineData("modules: [./nope.psm1]\n", 1, 11)]
        [InlineData("modules: [{ version: 1.0 }]\n", 1, 11)]
        [InlineData("modules: [{ name: X, version: latest }]\n", 1, 31)]
        [InlineData("modules: { name: X }\n", 1, 10)]
        public void ABadModule_IsDAG0025_AtTheEntry(string modules, int line, int column)
        {
            Load.Yaml(modules + Nodes).SingleError(DiagnosticIds.BadModule, line, column);
        }

        [Theory]
        [InlineData("setup: { run: x, file: ./s.ps1 }\n", 1, 1)]
        [InlineData("setup: { file: ./missing.ps1 }\n", 1, 16)]
        [InlineData("setup:\n", 1, 1)]
        public void ABadSetup_IsDAG0026(string setup, int line, int column)
        {
            Load.Yaml(setup + Nodes).SingleError(DiagnosticIds.BadSetup, line, column);
        }

        [Fact]
        public void TheSameModuleTwice_IsReported()
        {
            Load.Yaml("modules: [Pester, pester]\n" + Nodes).SingleError(DiagnosticIds.DuplicateKey, 1, 19);
        }

        [Fact]
        public void EditingSetupOrModules_ChangesEveryNodesHash_AndNoSharedCodeKeepsTheOldHash()
        {
            var variables = new System.Collections.Generic.Dictionary<string, object?>();
            string Hash(string yaml) => DefinitionHash.ForNode(Load.Valid(yaml).Nodes[0], variables);

            var plain = Hash(Nodes);
            var one = Hash("setup: '$x = 1'\n" + Nodes);
            var two = Hash("setup: '$x = 2'\n" + Nodes);
            var module = Hash("modules: [Pester]\n" + Nodes);

            Assert.Equal(4, new[] { plain, one, two, module }.Distinct().Count());
            Assert.Equal(plain, Hash("# nothing shared\n" + Nodes));
        }
    }
}
