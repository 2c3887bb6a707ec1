using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// Opens and closes PSSessions with PowerShell's own New-PSSession and Remove-PSSession (SSHConnectionInfo is not
    /// in the PowerShell 5.1 reference assemblies the engine compiles against). They run in runspaces of their own,
    /// never in the runspaces that run nodes: an SSH session's ssh client process is a child of the thread that
    /// opened it, and stopping a local node kills every process below its runspace's thread. These runspaces keep
    /// their threads (ReuseThread) until the executor is disposed, after the sessions are closed, so the ssh
    /// processes are never handed to another thread either.
    /// </summary>
    internal sealed class SessionOpener : IDisposable
    {
        /// <summary>What DagRunner asks of every ssh client: fail instead of prompting (passwords, unknown host keys), since nobody answers a prompt.</summary>
        private static readonly KeyValuePair<string, string>[] SshDefaults = { new KeyValuePair<string, string>("BatchMode", "yes") };

        /// <summary>How long closing sessions may hold things up (a host that stopped answering must not hold the run's end up).</summary>
        private static readonly TimeSpan ClosePatience = TimeSpan.FromSeconds(10);

        private readonly RunspaceStock openers = new RunspaceStock(InitialSessionState.CreateDefault2);
        private readonly List<Task> closing = new List<Task>();
        private int opened;

        /// <summary>A new session to <paramref name="host"/>.</summary>
        /// <exception cref="HostUnreachableException">The session did not open; the message says why, as far as can be told.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while the session was opening.</exception>
        public async Task<RemoteSession> OpenAsync(HostDefinition host, CancellationToken cancellationToken)
        {
            var transport = host.Transport == HostTransport.Ssh ? "SSH" : "WinRM";
            if (host.Transport == HostTransport.Ssh)
            {
                // Never start ssh towards a port that does not answer: see HostProbe for why.
                var (accepts, unreachable) = await HostProbe.CheckAsync(host).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (!accepts)
                {
                    throw new HostUnreachableException(host.Name, $"Cannot open a PowerShell session on host '{host.Name}' ({transport} {host.Address}): {unreachable}", null);
                }
            }

            int number = Interlocked.Increment(ref opened);
            var failure = await RunAsync(ps => AddNewSession(ps, host, number), host.ConnectTimeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            if (failure.Session != null)
            {
                return new RemoteSession(failure.Session, host.Name);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var why = await HostProbe.ExplainFailureAsync(host).ConfigureAwait(false);
            var message = $"Cannot open a PowerShell session on host '{host.Name}' ({transport} {host.Address}): {failure.Message} {why}";
            throw new HostUnreachableException(host.Name, message, failure.Exception);
        }

        /// <summary>Closes sessions off the node's path (closing one can take a while); <see cref="Dispose"/> waits for it.</summary>
        public void CloseInBackground(IReadOnlyCollection<RemoteSession> sessions)
        {
            if (sessions.Count == 0)
            {
                return;
            }

            lock (closing)
            {
                closing.RemoveAll(task => task.IsCompleted);
                closing.Add(Task.Run(() => Close(sessions)));
            }
        }

        /// <summary>
        /// Removes each session's folder of node scripts on its host, then closes the sessions, waiting at most
        /// <see cref="ClosePatience"/>. Best effort: the sessions end with this process anyway.
        /// </summary>
        public void Close(IReadOnlyCollection<RemoteSession> sessions)
        {
            if (sessions.Count == 0)
            {
                return;
            }

            var all = sessions.Select(s => s.Session).ToArray();
            var open = sessions.Where(s => s.IsUsable).Select(s => s.Session).ToArray();
            try
            {
                var run = RunAsync(ps => ps.AddScript(RemoteScripts.Close, useLocalScope: true).AddArgument(open).AddArgument(all), ClosePatience, CancellationToken.None);
                run.Wait(ClosePatience);
            }
            catch (Exception ex) when (ex is AggregateException || ex is ObjectDisposedException)
            {
                // Disposed meanwhile, or the close failed: nothing more to do.
            }
        }

        /// <summary>Waits for background closes (bounded), then closes the opener runspaces.</summary>
        public void Dispose()
        {
            Task[] pending;
            lock (closing)
            {
                pending = closing.ToArray();
                closing.Clear();
            }

            try
            {
                Task.WaitAll(pending, ClosePatience);
            }
            catch (AggregateException)
            {
                // Close swallows its own failures; nothing is left to wait for.
            }

            openers.Dispose();
        }

        private static PowerShell AddNewSession(PowerShell ps, HostDefinition host, int number)
        {
            ps.AddCommand("New-PSSession").AddParameter("Name", $"dagrunner-{host.Name}-{number}").AddParameter("ErrorAction", ActionPreference.Stop);
            var timeout = (int)Math.Min(int.MaxValue, host.ConnectTimeout.TotalMilliseconds);
            if (host.Transport == HostTransport.Ssh)
            {
                ps.AddParameter("HostName", host.HostName).AddParameter("ConnectingTimeout", timeout);
                AddIfSet(ps, "UserName", host.UserName);
                AddIfSet(ps, "KeyFilePath", host.KeyFilePath);
                AddIfSet(ps, "Subsystem", host.Subsystem);
                if (host.Port.HasValue)
                {
                    ps.AddParameter("Port", host.Port.Value);
                }

                var options = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var option in SshDefaults.Concat(host.Options))
                {
                    options[option.Key] = option.Value;
                }

                ps.AddParameter("Options", options);
            }
            else
            {
                ps.AddParameter("ComputerName", host.ComputerName).AddParameter("SessionOption", new PSSessionOption { OpenTimeout = host.ConnectTimeout });
                AddIfSet(ps, "ConfigurationName", host.ConfigurationName);
                if (host.Port.HasValue)
                {
                    ps.AddParameter("Port", host.Port.Value);
                }

                if (host.UseSsl)
                {
                    ps.AddParameter("UseSSL");
                }
            }

            return ps;
        }

        private static void AddIfSet(PowerShell ps, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                ps.AddParameter(name, value);
            }
        }

        /// <summary>Runs a command in an opener runspace; stopped when the token fires or after <paramref name="limit"/>.</summary>
        private async Task<Opened> RunAsync(Func<PowerShell, PowerShell> build, TimeSpan limit, CancellationToken cancellationToken)
        {
            RunspaceStock.Worker worker;
            try
            {
                worker = openers.TryRentIdle() ?? await Task.Run(openers.Rent).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is ObjectDisposedException))
            {
                return new Opened(null, ex.Message, ex);
            }

            var ps = PowerShell.Create();
            ps.Runspace = worker.Runspace;
            build(ps);
            using var limitSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limitSource.CancelAfter(limit);
            try
            {
                var pending = ps.BeginInvoke();
                var end = Task.Factory.FromAsync(pending, ps.EndInvoke);
                using (limitSource.Token.Register(() => Stop(ps)))
                {
                    var results = await end.ConfigureAwait(false);
                    var session = results.Select(r => r?.BaseObject).OfType<PSSession>().FirstOrDefault();
                    if (session != null)
                    {
                        return new Opened(session, null, null);
                    }

                    var error = ps.Streams.Error.FirstOrDefault();
                    return new Opened(null, error?.Exception?.Message ?? "New-PSSession returned no session.", error?.Exception);
                }
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is OperationCanceledException)
            {
                var why = cancellationToken.IsCancellationRequested ? "the run was cancelled" : $"it took longer than {DurationText.Format(limit)}";
                return new Opened(null, $"The session did not open: {why}.", ex);
            }
            catch (Exception ex)
            {
                var inner = ex is IContainsErrorRecord withRecord && withRecord.ErrorRecord?.Exception != null ? withRecord.ErrorRecord.Exception : ex;
                return new Opened(null, inner.Message, inner);
            }
            finally
            {
                ps.Dispose();
                openers.Return(worker);
            }
        }

        private static void Stop(PowerShell ps)
        {
            try
            {
                ps.BeginStop(null, null);
            }
            catch (Exception)
            {
                // Already ended.
            }
        }

        /// <summary>A session, or why there is none.</summary>
        private readonly struct Opened
        {
            public Opened(PSSession? session, string? message, Exception? exception)
            {
                Session = session;
                Message = message ?? string.Empty;
                Exception = exception;
            }

            public PSSession? Session { get; }

            public string Message { get; }

            public Exception? Exception { get; }
        }
    }
}
