using System;
using System.IO;
using DagRunner.Engine.Execution.Invocation;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>The import script for a host: a module file travels as text only when it is one .psm1.</summary>
    public class SharedCodeScriptsTests
    {
        [Fact]
        public void APsm1ForAHost_TravelsAsTextAndBecomesAModule()
        {
            using var folder = new TempDirectory();
            folder.Write("tools/Deploy.psm1", "function Get-Deploy { 'deployed' }");
            var workflow = Engine.Loading.WorkflowLoader.LoadFile(folder.Write("w.dag.yaml", "modules: [./tools/Deploy.psm1]\nnodes:\n  a: { run: 1 }\n")).Workflow!;

            var imports = SharedCodeScripts.Imports(workflow.Shared, remote: true);

            Assert.Contains("New-Module -Name 'Deploy'", imports);
            Assert.Contains("function Get-Deploy { ''deployed'' }", imports);
        }

        [Theory]
        [InlineData("Deploy.psd1")]
        [InlineData("Deploy.dll")]
        public void AModuleFileThatIsNotAPsm1_IsRefusedForAHost_NamingIt(string file)
        {
            using var folder = new TempDirectory();
            folder.Write(file, "x");
            var workflow = Engine.Loading.WorkflowLoader.LoadFile(folder.Write("w.dag.yaml", $"modules: [./{file}]\nnodes:\n  a: {{ run: 1 }}\n")).Workflow!;

            var error = Assert.Throws<NotSupportedException>(() => SharedCodeScripts.Imports(workflow.Shared, remote: true));

            Assert.Contains(file, error.Message);
            Assert.Contains("Import-Module -Name '" + Path.Combine(folder.Path, file), SharedCodeScripts.Imports(workflow.Shared, remote: false));
        }
    }
}
