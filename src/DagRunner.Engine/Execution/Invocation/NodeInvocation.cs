using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Processes;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// One pipeline run in a node's runspace (its <c>if:</c> or its body), with live stream forwarding,
    /// Ctrl+C through the token, and PowerShell's failure signals turned into an outcome.
    /// </summary>
    internal sealed class NodeInvocation
    {
        private readonly RunspaceStock.Worker worker;
        private readonly string node;
        private readonly IRunEventSink events;
        private readonly Func<DateTime> now;
        private readonly string? host;

        /// <summary>
        /// How long a stopped node's frozen processes wait for PowerShell to end the one its pipeline waits on before
        /// they are all killed anyway. <value>2 seconds; it only runs out for a child the pipeline does not wait on.</value>
        /// </summary>
        private static readonly TimeSpan KillPatience = TimeSpan.FromSeconds(2);

        /// <summary>The kill of the frozen native processes of a stopped pipeline; awaited before the attempt ends.</summary>
        private Task? stopping;

        /// <param name="host">For a node that runs on a host (<c>on:</c>), the host's name, which tags its records.</param>
        public NodeInvocation(RunspaceStock.Worker worker, string node, IRunEventSink events, Func<DateTime> now, string? host = null)
        {
            this.worker = worker;
            this.node = node;
            this.events = events;
            this.now = now;
            this.host = host;
        }

        /// <summary>How one pipeline ended.</summary>
        internal readonly struct Completion
        {
            public Completion(NodeOutcome outcome, IReadOnlyList<object?> output, object? error)
            {
                Outcome = outcome;
                Output = output;
                Error = error;
            }

            public NodeOutcome Outcome { get; }

            public IReadOnlyList<object?> Output { get; }

            public object? Error { get; }
        }

        /// <summary>Runs what <paramref name="configure"/> adds to a fresh pipeline on this runspace.</summary>
        /// <param name="forwardOutput">Publish output objects as they come (the body), or only return them (an <c>if:</c>).</param>
        /// <param name="stopGrace">How long a stopped pipeline may take to end before the runspace is abandoned.</param>
        public async Task<Completion> InvokeAsync(Action<PowerShell> configure, bool forwardOutput, TimeSpan stopGrace, CancellationToken cancellationToken)
        {
            var completion = await InvokeCoreAsync(configure, forwardOutput, stopGrace, cancellationToken).ConfigureAwait(false);

            // A stopped attempt ends when its native processes are gone too, not some time later.
            var killing = Interlocked.Exchange(ref stopping, null);
            if (killing != null)
            {
                await killing.ConfigureAwait(false);
            }

            // Stopping kills the node's native processes first, so the pipeline may end "normally" (a native exit code)
            // before Stop lands: once stopped, it was stopped, whatever way it ended.
            return cancellationToken.IsCancellationRequested && completion.Outcome != NodeOutcome.Cancelled
                ? new Completion(NodeOutcome.Cancelled, completion.Output, null)
                : completion;
        }

        private async Task<Completion> InvokeCoreAsync(Action<PowerShell> configure, bool forwardOutput, TimeSpan stopGrace, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new Completion(NodeOutcome.Cancelled, Array.Empty<object?>(), null);
            }

            var powerShell = PowerShell.Create();
            powerShell.Runspace = worker.Runspace;
            configure(powerShell);
            var output = new PSDataCollection<PSObject>();
            var forwarder = new StreamForwarder(powerShell, output, node, events, now, forwardOutput, host);
            bool abandoned = false;
            try
            {
                // Without this, `exit 3` in an inline script ends it silently and the code is lost.
                var settings = new PSInvocationSettings { ExposeFlowControlExceptions = true };
                // FromAsync on the result's wait handle, not PowerShell's completion callback: the callback can come
                // before a stopped script's finally block has run (seen 2 times in 24 Ctrl+C runs under load), and the
                // attempt must not end while the node still runs.
                var pending = powerShell.BeginInvoke<PSObject, PSObject>(null, output, settings, null, null);
                var end = Task.Factory.FromAsync(pending, powerShell.EndInvoke);
                using (cancellationToken.Register(() => Volatile.Write(ref stopping, Stop(powerShell, end, worker.PipelineThread))))
                {
                    abandoned = !await EndsAfterStopAsync(end, stopGrace, cancellationToken).ConfigureAwait(false);
                    if (abandoned)
                    {
                        // The script ignores Stop (a blocking .NET call): leave it, and never reuse its runspace. Say so:
                        // whatever of the script is left, its finally blocks included, may now never run.
                        worker.Broken = true;
                        events.Publish(new NodeLogEvent(now(), node, NodeLogStream.Warning, new WarningRecord(AbandonedMessage(stopGrace)), host));
                        _ = end.ContinueWith(t => t.Exception, TaskScheduler.Default);
                        return new Completion(NodeOutcome.Cancelled, Collect(output), null);
                    }

                    await end.ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && IsStop(ex))
            {
                return new Completion(NodeOutcome.Cancelled, Collect(output), null);
            }
            catch (ExitException exit)
            {
                int code = exit.Argument is int i ? i : LanguagePrimitives.ConvertTo<int>(exit.Argument);
                return code == 0
                    ? new Completion(NodeOutcome.Succeeded, Collect(output), null)
                    : new Completion(NodeOutcome.Failed, Collect(output), ExitCodeError(code, "The script called 'exit " + code + "'."));
            }
            catch (FlowControlException)
            {
                // A top-level `break` or `continue` ends the script like `return` does.
                return new Completion(NodeOutcome.Succeeded, Collect(output), null);
            }
            catch (Exception ex)
            {
                return new Completion(NodeOutcome.Failed, Collect(output), ToErrorRecord(ex));
            }
            finally
            {
                forwarder.Dispose();
                if (!abandoned)
                {
                    powerShell.Dispose();
                }
            }

            return new Completion(NodeOutcome.Succeeded, Collect(output), null);
        }

        internal static string AbandonedMessage(TimeSpan stopGrace)
            => $"The node was stopped and had not ended {stopGrace.TotalSeconds:0.###} s later (a .NET call that ignores Stop?): it is left running in a runspace that is not reused, and what is left of its script, its finally blocks included, may not run.";

        /// <summary>False when the pipeline was asked to stop and had not ended <paramref name="stopGrace"/> later.</summary>
        private static async Task<bool> EndsAfterStopAsync(Task end, TimeSpan stopGrace, CancellationToken cancellationToken)
        {
            var stopped = new TaskCompletionSource<bool>();
            using (cancellationToken.Register(() => stopped.TrySetResult(true)))
            {
                if (await Task.WhenAny(end, stopped.Task).ConfigureAwait(false) == end)
                {
                    return true;
                }
            }

            return await Task.WhenAny(end, Task.Delay(stopGrace)).ConfigureAwait(false) == end;
        }

        /// <summary>The failure for a native command that left a non-zero <c>$LASTEXITCODE</c>.</summary>
        public ErrorRecord? ExitCodeFailure()
        {
            var value = worker.Runspace.SessionStateProxy.GetVariable("LASTEXITCODE");
            return value is int code && code != 0
                ? ExitCodeError(code, $"The last native command exited with code {code} ($LASTEXITCODE).")
                : null;
        }

        private ErrorRecord ExitCodeError(int code, string message)
            => new ErrorRecord(new NodeExitCodeException(code, message), "NativeCommandExitCode", ErrorCategory.NotSpecified, node);

        private ErrorRecord ToErrorRecord(Exception ex)
        {
            if (ex is IContainsErrorRecord withRecord && withRecord.ErrorRecord != null)
            {
                // A record the exception made itself holds a stand-in (ParentContainsErrorRecordException) in place of
                // it: put the exception back, so its type tells what happened (a broken session's transport error).
                return new ErrorRecord(withRecord.ErrorRecord, ex);
            }

            return new ErrorRecord(ex, "NodeScriptFailed", ErrorCategory.NotSpecified, node);
        }

        private static bool IsStop(Exception ex) => ex is PipelineStoppedException || ex is OperationCanceledException;

        private static IReadOnlyList<object?> Collect(PSDataCollection<PSObject> output)
        {
            var items = new object?[output.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = output[i];
            }

            return items;
        }

        /// <summary>
        /// Freezes the node's native process tree (so no grandchild is orphaned out of reach), stops the pipeline, and
        /// kills the tree once PowerShell has marked the pipeline as stopping (see <see cref="FrozenProcessTree"/>), so
        /// not one more statement of the script runs after its timeout or Ctrl+C.
        /// </summary>
        private static Task Stop(PowerShell powerShell, Task end, string? pipelineThread)
        {
            var tree = NativeProcessTree.Freeze(pipelineThread);
            try
            {
                powerShell.BeginStop(null, null);
            }
            catch (Exception)
            {
                // Already completed or disposed: nothing left to stop.
            }

            return tree.KillAfterStopAsync(end, KillPatience);
        }
    }

    /// <summary>A node ended with a non-zero exit code (a native command's, or <c>exit n</c>).</summary>
    public sealed class NodeExitCodeException : Exception
    {
        public NodeExitCodeException(int exitCode, string message)
            : base(message) => ExitCode = exitCode;

        public int ExitCode { get; }
    }
}
