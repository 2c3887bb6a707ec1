using System.IO;
using DagRunner.Engine.Execution.Incremental;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Incremental
{
    /// <summary>The path rule for inputs and outputs: globs may leave the workflow's folder or be absolute; links are followed.</summary>
    public class FileGlobsTests
    {
        // Unix paths; the Windows form goes through the same code with a drive root.
        [TheoryOnUnix]
        [InlineData("/repo/wf", "/repo/shared/*.txt", "../shared/*.txt")]
        [InlineData("/repo/wf", "/repo/wf/src/**/*.cs", "src/**/*.cs")]
        [InlineData("/repo/wf", "/data/a.csv", "../../data/a.csv")]
        [InlineData("/repo/wf", "/*.conf", "../../*.conf")]
        [InlineData("/repo/wf", "src/*.cs", "src/*.cs")]
        [InlineData("/repo/wf", "../x/*.cs", "../x/*.cs")]
        public void AbsoluteGlobs_BecomeRelativeToTheWorkflowFolder(string baseDirectory, string pattern, string expected)
        {
            Assert.Equal(expected, FileGlobs.Relative(baseDirectory, pattern));
        }

        [Fact]
        public void GlobsOutsideTheFolderAndAbsoluteGlobs_MatchAndExclude()
        {
            using var temp = new TempDirectory();
            var shared = temp.Write("shared/a.txt", "one");
            temp.Write("shared/sub/b.txt", "two");
            temp.Write("shared/skip.txt", "three");
            var workflowFolder = Path.Combine(temp.Path, "wf");
            Directory.CreateDirectory(workflowFolder);

            var up = FileGlobs.Expand(workflowFolder, new[] { "../shared/**/*.txt", "!../shared/skip.txt" });
            var absolute = FileGlobs.Expand(workflowFolder, new[] { Path.Combine(temp.Path, "shared", "**", "*.txt"), "!" + Path.Combine(temp.Path, "shared", "skip.txt") });

            Assert.Equal(2, up.Count);
            Assert.Equal(up, absolute);
            Assert.Contains(shared.Replace('\\', '/'), up);
            Assert.True(FileGlobs.AllExist(workflowFolder, new[] { Path.Combine(temp.Path, "shared", "a.txt") }));
            Assert.False(FileGlobs.AllExist(workflowFolder, new[] { Path.Combine(temp.Path, "shared", "missing.txt") }));
        }

        // Windows without developer mode has no symbolic links.
        [FactOnUnix]
        public void ALinkedInput_IsHashedByItsTargetsContent()
        {
            using var temp = new TempDirectory();
            var target = temp.Write("outside/data.txt", "one");
            var workflowFolder = Path.Combine(temp.Path, "wf");
            Directory.CreateDirectory(workflowFolder);
            File.CreateSymbolicLink(Path.Combine(workflowFolder, "data.txt"), target);

            var before = FileGlobs.ContentHash(workflowFolder, new[] { "*.txt" });
            File.WriteAllText(target, "two");
            var after = FileGlobs.ContentHash(workflowFolder, new[] { "*.txt" });

            Assert.NotEqual(before, after);
            Assert.Equal(new[] { "data.txt" }, FileGlobs.Expand(workflowFolder, new[] { "*.txt" }));
        }
    }
}
