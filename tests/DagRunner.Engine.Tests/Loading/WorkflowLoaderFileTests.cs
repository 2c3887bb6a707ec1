using System;
using System.IO;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class WorkflowLoaderFileTests
    {
        [Fact]
        public void RelativePath_IsReadFromTheCurrentDirectory()
        {
            using var directory = new TempDirectory();
            var fullPath = directory.Write("build.dag.yaml", "nodes:\n  a: { run: x }\n");
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);

            var result = WorkflowLoader.LoadFile(relative);

            Assert.False(result.HasErrors, result.ToString());
            Assert.Equal(fullPath, result.Workflow!.SourcePath);
            Assert.Equal(directory.Path, result.Workflow.BaseDirectory);
            Assert.Equal("build", result.Workflow.Name);
            Assert.Equal(fullPath, result.Workflow.Node("a").Location.File);
        }

        [Fact]
        public void MissingWorkflowFile_IsAnUnreadableFileDiagnosticNotAnException()
        {
            using var directory = new TempDirectory();
            var path = Path.Combine(directory.Path, "nothing.yaml");

            var result = WorkflowLoader.LoadFile(path);

            var error = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticIds.WorkflowFileUnreadable, error.Id);
            Assert.Equal(path, error.Location.File);
            Assert.Null(result.Workflow);
            Assert.True(result.HasErrors);
        }

        [Fact]
        public void FolderInsteadOfAFile_IsAnUnreadableFile()
        {
            using var directory = new TempDirectory();

            Assert.Equal(DiagnosticIds.WorkflowFileUnreadable, Assert.Single(WorkflowLoader.LoadFile(directory.Path).Diagnostics).Id);
        }

        [Fact]
        public void ScriptFile_ResolvesAgainstTheWorkflowFolder()
        {
            using var directory = new TempDirectory();
            var script = directory.Write("scripts/test.ps1", "param($Filter)\n$Filter\n");
            var path = directory.Write("flow.yaml", "nodes:\n  test:\n    file: scripts/test.ps1\n    with: { Filter: Unit }\n");

            var result = WorkflowLoader.LoadFile(path);

            Assert.False(result.HasErrors, result.ToString());
            Assert.Equal(script, result.Workflow!.Node("test").ResolvedFile);
        }

        [Fact]
        public void MissingScriptFile_IsReportedAtTheFileValueWithTheFullPathLookedFor()
        {
            using var directory = new TempDirectory();
            var path = directory.Write("flow.yaml", "nodes:\n  test:\n    file: scripts/missing.ps1\n");

            var error = WorkflowLoader.LoadFile(path).SingleError(DiagnosticIds.ScriptFileNotFound, 3, 11);

            Assert.Contains(Path.Combine(directory.Path, "scripts", "missing.ps1"), error.Message);
        }

        [Fact]
        public void SyntaxErrorInAScriptFile_IsReportedInThatFile()
        {
            using var directory = new TempDirectory();
            var script = directory.Write("broken.ps1", "Write-Output 'fine'\n\n  Write-Output 'x' )\n");
            var path = directory.Write("flow.yaml", "nodes:\n  a:\n    file: broken.ps1\n");

            var error = Assert.Single(WorkflowLoader.LoadFile(path).Diagnostics);

            Assert.Equal(DiagnosticIds.ScriptSyntax, error.Id);
            Assert.Equal((script, 3, 20), (error.Location.File, error.Location.Line, error.Location.Column));
        }

        [Fact]
        public void DiagnosticsOfTheWorkflowFile_ComeBeforeThoseOfScriptFiles()
        {
            using var directory = new TempDirectory();
            directory.Write("broken.ps1", "Write-Output )\n");
            var path = directory.Write("flow.yaml", "nodes:\n  a:\n    file: broken.ps1\n  b:\n    run: x\n    when: never\n");

            var diagnostics = WorkflowLoader.LoadFile(path).Diagnostics;

            Assert.Equal(new[] { DiagnosticIds.BadWhen, DiagnosticIds.ScriptSyntax }, new[] { diagnostics[0].Id, diagnostics[1].Id });
        }
    }
}
