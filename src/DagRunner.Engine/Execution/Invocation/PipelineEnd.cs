using System;
using System.Management.Automation;
using System.Threading.Tasks;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// Starts a pipeline and gives the task of its end, from PowerShell's own completion callback.
    /// <c>Task.Factory.FromAsync(IAsyncResult, ...)</c> instead waits on the result's wait handle through the thread
    /// pool's wait thread: a kernel event per node, one more thread hand-off, and registrations left for the
    /// finalizer (the foreach benchmark's finalizer thread spent seconds closing them).
    /// </summary>
    internal static class PipelineEnd
    {
        private static readonly AsyncCallback Ended = OnEnded;

        /// <summary>Begins <paramref name="powerShell"/>; the task ends as the pipeline does, faulted with what EndInvoke throws.</summary>
        public static Task Begin(PowerShell powerShell, PSDataCollection<PSObject> output, PSInvocationSettings settings)
        {
            // Asynchronous continuations: the callback runs on the runspace's pipeline thread, which must not run the node's sequel.
            var end = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            powerShell.BeginInvoke<PSObject, PSObject>(null, output, settings, Ended, new State(powerShell, end));
            return end.Task;
        }

        private static void OnEnded(IAsyncResult result)
        {
            var state = (State)result.AsyncState!;
            try
            {
                state.PowerShell.EndInvoke(result); // completed already: returns (or throws) at once
                state.End.TrySetResult(true);
            }
            catch (Exception ex)
            {
                state.End.TrySetException(ex);
            }
        }

        private sealed class State
        {
            public State(PowerShell powerShell, TaskCompletionSource<bool> end)
            {
                PowerShell = powerShell;
                End = end;
            }

            public PowerShell PowerShell { get; }

            public TaskCompletionSource<bool> End { get; }
        }
    }
}
