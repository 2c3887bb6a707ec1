using DagRunner.Engine.Execution.Runspaces;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Runspaces
{
    /// <summary>Trimming the C heap after a run must never fail the run, wherever it runs (glibc, musl, Windows, macOS).</summary>
    public class NativeHeapTests
    {
        [Fact]
        public void Trim_DoesNotThrow_AndCanBeCalledAgain()
        {
            var error = Record.Exception(() =>
            {
                NativeHeap.Trim();
                NativeHeap.Trim();
            });

            Assert.Null(error);
        }
    }
}
