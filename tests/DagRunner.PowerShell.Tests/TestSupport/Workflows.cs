using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;
using Xunit;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>Workflows from YAML text, loaded the way the cmdlets load them.</summary>
    internal static class Workflows
    {
        /// <summary>Where the workflows say they come from; nothing is read there.</summary>
        public static readonly string File = Path.Combine(Path.GetTempPath(), "dagrunner-tests", "test.dag.yaml");

        public static WorkflowDefinition Load(string yaml)
        {
            var loaded = WorkflowLoader.LoadText(yaml, File);
            Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics.Select(d => d.ToString())));
            return loaded.Workflow!;
        }
    }
}
