using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>Loads inline YAML as if from a file in the temp folder, and asserts on the diagnostics it gives.</summary>
    internal static class Load
    {
        public static readonly string SourcePath = Path.Combine(Path.GetTempPath(), "dagrunner-tests", "test.dag.yaml");

        public static LoadResult Yaml(string yaml) => WorkflowLoader.LoadText(yaml, SourcePath);

        /// <summary>Loads YAML that must have no errors (warnings allowed) and returns its workflow.</summary>
        public static WorkflowDefinition Valid(string yaml)
        {
            var result = Yaml(yaml);
            Assert.False(result.HasErrors, result.ToString());
            return result.Workflow!;
        }

        public static NodeDefinition Node(this WorkflowDefinition workflow, string id) => workflow.Nodes.Single(n => n.Id == id);

        /// <summary>Asserts the only error is <paramref name="id"/> at <paramref name="line"/>:<paramref name="column"/>, and returns it.</summary>
        public static Diagnostic SingleError(this LoadResult result, string id, int line, int column)
        {
            var errors = result.Errors.ToList();
            Assert.True(errors.Count == 1, $"Expected exactly one error ({id}), got {errors.Count}:\n{result}");
            AssertAt(errors[0], id, line, column, result);
            return errors[0];
        }

        /// <summary>Asserts there is exactly one diagnostic with <paramref name="id"/>, at the given position; others may exist.</summary>
        public static Diagnostic Single(this LoadResult result, string id, int line, int column)
        {
            var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
            Assert.True(matching.Count == 1, $"Expected exactly one {id}, got {matching.Count}:\n{result}");
            AssertAt(matching[0], id, line, column, result);
            return matching[0];
        }

        private static void AssertAt(Diagnostic diagnostic, string id, int line, int column, LoadResult result)
        {
            Assert.True(
                diagnostic.Id == id && diagnostic.Location.Line == line && diagnostic.Location.Column == column,
                $"Expected {id} at {line}:{column}, got {diagnostic.Id} at {diagnostic.Location.Line}:{diagnostic.Location.Column}.\nAll:\n{result}");
        }
    }
}
