using DagRunner.Engine.Execution.Adaptive;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A CPU the test sets: what Adaptive mode reads instead of the machine's.</summary>
    internal sealed class FakeCpu : ICpuMonitor
    {
        public double Next { get; set; }

        public double Utilization() => Next;

        public double Load { get; set; } = double.NaN;

        public double RecentLoad() => Load;

        public bool CouldTell { get; set; } = true;
    }
}
