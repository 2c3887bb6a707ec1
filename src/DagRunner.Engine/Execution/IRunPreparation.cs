using System.Threading;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution
{
    /// <summary>
    /// An executor that can prepare what every node of a run shares (the workflow's <c>modules:</c> and <c>setup:</c>)
    /// before the first node starts, so that a missing module or a failing setup fails the run, not its nodes one by one.
    /// </summary>
    internal interface IRunPreparation
    {
        /// <summary>Null when ready (or nothing to prepare); else the failed execution, whose error says what and where.</summary>
        Task<NodeExecution?> PrepareAsync(RunContext run, CancellationToken cancellationToken);
    }
}
