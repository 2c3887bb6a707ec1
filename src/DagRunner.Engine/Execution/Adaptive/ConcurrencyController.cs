using System;
using System.Threading;

namespace DagRunner.Engine.Execution.Adaptive
{
    /// <summary>
    /// The cap of <c>-Mode Adaptive</c>. It starts at the processor count, or at <see cref="IdleStartFactor"/> times it
    /// when the machine has had processors to spare lately (other processes' use under <see cref="IdleLoadBelow"/>, <see cref="ICpuMonitor.RecentLoad"/>), and looks at the machine
    /// <see cref="FirstLook"/> after the run starts, then every <see cref="Interval"/>: while nodes are ready but
    /// every slot is taken and the CPU is below <see cref="GrowBelow"/>, the nodes are mostly waiting (on disks,
    /// networks, sleeps), so the cap doubles, or quadruples when the CPU is below <see cref="GrowFastBelow"/>;
    /// when the CPU is above <see cref="ShrinkAbove"/>, more nodes would only queue for processors, so the cap drops
    /// by a quarter. It never goes below the processor count or above the run's <c>parallelism</c>. After a look that
    /// grew the cap, or one in the run's first <see cref="StartUpLooks"/> intervals that could not tell the run's own
    /// start-up from its nodes' work (<see cref="ICpuMonitor.CouldTell"/>), a quick look follows <see cref="FirstLook"/>
    /// later, which may only grow it: the cap reaches what waiting nodes need sooner, and a reading of the start-up alone
    /// cuts it no more often than before. (After the start-up, nodes that never settle are short ones, and the
    /// machine's reading is the one there is: no quick looks for them.)
    /// Running nodes are never stopped; a lower cap only delays starts. What counts as CPU use is the monitor's
    /// (<see cref="SystemCpuMonitor"/>: on Linux the run's own runspaces opening are not load, its computing nodes are).
    /// </summary>
    internal sealed class ConcurrencyController
    {
        /// <summary>How often the controller looks. <value>The value is 100 ms.</value></summary>
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// The first look, sooner than <see cref="Interval"/>: nodes that wait (ops workflows mostly do) should not
        /// queue behind a full interval while the processors are idle. Also the delay of a quick look.
        /// <value>The value is 25 ms.</value>
        /// </summary>
        public static readonly TimeSpan FirstLook = TimeSpan.FromMilliseconds(25);

        /// <summary>
        /// Recent load per processor under which the machine counts as idle at the start: the threshold the samples grow
        /// under (<see cref="GrowBelow"/>). <value>The value is 0.75.</value>
        /// The first samples cannot tell: they see this run's own start-up (runspaces opening, compiling), not its nodes.
        /// </summary>
        public const double IdleLoadBelow = GrowBelow;

        /// <summary>The first cap on an idle machine, in processors: waiting nodes (most ops work) start at once, and CPU-bound ones are cut back by the first busy samples. <value>The value is 4.</value></summary>
        public const int IdleStartFactor = 4;

        /// <summary>CPU use under which a full cap with ready nodes grows four-fold, not two-fold. <value>The value is 0.375.</value></summary>
        public const double GrowFastBelow = GrowBelow / 2;

        /// <summary>CPU use under which a full cap with ready nodes grows. <value>The value is 0.75.</value></summary>
        public const double GrowBelow = 0.75;

        /// <summary>CPU use over which the cap shrinks. <value>The value is 0.95.</value></summary>
        public const double ShrinkAbove = 0.95;

        /// <summary>
        /// For how many intervals after the first look a look that could not tell is followed by a quick one.
        /// <value>The value is 2 (until 225 ms into the run).</value>
        /// </summary>
        public const int StartUpLooks = 2;

        private static readonly long TicksPerInterval = Math.Max(1, Interval.Ticks / FirstLook.Ticks);

        private const int NoLook = 0;
        private const int QuickLook = 1;
        private const int FullLook = 2;

        private readonly ICpuMonitor cpu;
        private readonly int floor;
        private readonly int ceiling;
        private int sampleDue;
        private long ticks;
        private volatile bool quickLookWanted;

        public ConcurrencyController(int processorCount, int upperBound, ICpuMonitor cpu)
        {
            this.cpu = cpu;
            ceiling = Math.Max(1, upperBound);
            floor = Math.Min(Math.Max(1, processorCount), ceiling);
            var load = cpu.RecentLoad();
            Limit = !double.IsNaN(load) && load < IdleLoadBelow ? (int)Math.Min(ceiling, (long)floor * IdleStartFactor) : floor;
            HighestLimit = floor;
            cpu.Utilization(); // start the first measuring window now
        }

        /// <summary>How many nodes may run at once right now.</summary>
        public int Limit { get; private set; }

        /// <summary>The highest <see cref="Limit"/> so far.</summary>
        public int HighestLimit { get; private set; }

        /// <summary>
        /// Wakes the scheduler after <see cref="FirstLook"/>, then every <see cref="Interval"/>, and for a quick look
        /// <see cref="FirstLook"/> after a look that wants one (through <paramref name="wake"/>), so that it calls
        /// <see cref="SampleIfDue"/> from its own thread. Dispose to stop.
        /// </summary>
        public IDisposable StartSampling(TimeProvider clock, Action wake)
            => clock.CreateTimer(_ => Tick(wake), null, FirstLook, FirstLook);

        /// <summary>Samples when a tick of <see cref="StartSampling"/> came since the last sample.</summary>
        public void SampleIfDue(int running, int ready)
        {
            var due = Interlocked.Exchange(ref sampleDue, NoLook);
            if (due != NoLook)
            {
                Sample(running, ready, growOnly: due == QuickLook);
            }
        }

        /// <summary>Adjusts <see cref="Limit"/> from the CPU use since the last call and what is waiting.</summary>
        public void Sample(int running, int ready) => Sample(running, ready, growOnly: false);

        private void Sample(int running, int ready, bool growOnly)
        {
            double utilization = cpu.Utilization();
            bool grew = false;
            if (ready > 0 && running >= Limit && utilization < GrowBelow && Limit < ceiling)
            {
                Limit = (int)Math.Min(ceiling, (long)Limit * (utilization < GrowFastBelow ? 4 : 2));
                grew = true;
            }
            else if (!growOnly && utilization > ShrinkAbove && Limit > floor)
            {
                Limit = Math.Max(floor, Limit - Math.Max(1, Limit / 4));
            }

            HighestLimit = Math.Max(HighestLimit, Limit);
            quickLookWanted = grew || (!cpu.CouldTell && Volatile.Read(ref ticks) <= StartUpLooks * TicksPerInterval);
        }

        /// <summary>A tick every <see cref="FirstLook"/>: a full look at the first and then every <see cref="Interval"/>, a quick one between when wanted.</summary>
        private void Tick(Action wake)
        {
            long tick = Interlocked.Increment(ref ticks);
            if ((tick - 1) % TicksPerInterval == 0)
            {
                Volatile.Write(ref sampleDue, FullLook);
                wake();
            }
            else if (quickLookWanted && Interlocked.CompareExchange(ref sampleDue, QuickLook, NoLook) == NoLook)
            {
                wake();
            }
        }
    }
}
