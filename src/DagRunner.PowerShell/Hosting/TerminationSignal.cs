using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// SIGTERM (what CI systems and <c>docker stop</c> send) or SIGHUP (an SSH session or terminal that went away) while
    /// a run is going: the run is stopped as on Ctrl+C and the process exits with 128 + the signal's number (143, 129)
    /// once the run has been reported. With no run going, both keep the runtime's default (the process ends at once).
    /// </summary>
    /// <remarks>
    /// The signal comes through <c>System.Runtime.InteropServices.PosixSignalRegistration</c> (.NET 6+). The module
    /// compiles against netstandard2.0, which does not have it, but always runs on PowerShell 7.4+ (.NET 8+), which
    /// does; so this file, and only this file, reaches it by reflection. Where the type is missing (Windows PowerShell
    /// 5.1) or refuses the signal, listening is a no-op. One registration per signal serves every run of the process (a
    /// workflow may run Invoke-Dag in a node, or several runspaces may each run one); it exists only while some run is
    /// going. SIGHUP matters because its default ended pwsh at once: no cleanup, the checkpoint said Interrupted, and
    /// native processes the signal did not reach themselves ran on, orphaned, while a resume started their node again.
    /// </remarks>
    internal sealed class TerminationSignal
    {
        internal const string RegistrationTypeName = "System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices";

        /// <summary>The signals that stop a run, each with the conventional exit code of a process it ended (128 + its number).</summary>
        private static readonly (string Name, int ExitCode)[] Signals = { ("SIGTERM", 143), ("SIGHUP", 129) };

        private static readonly object Gate = new object();
        private static readonly List<TerminationSignal> Listening = new List<TerminationSignal>();
        private static readonly List<IDisposable> Registrations = new List<IDisposable>();
        private static bool received;

        /// <summary>The exit code for the first signal received: 143 for SIGTERM, 129 for SIGHUP.</summary>
        private static int exitCode = 143;

        private readonly CancellationTokenSource stop;

        private TerminationSignal(CancellationTokenSource stop) => this.stop = stop;

        /// <summary>Until <see cref="End"/>, SIGTERM and SIGHUP cancel <paramref name="stop"/> instead of ending the process.</summary>
        public static TerminationSignal Listen(CancellationTokenSource stop)
        {
            var listener = new TerminationSignal(stop);
            bool alreadyReceived;
            lock (Gate)
            {
                if (Listening.Count == 0)
                {
                    received = false;
                    foreach (var (name, code) in Signals)
                    {
                        if (TryRegister(RegistrationTypeName, name, context => OnSignal(context, code)) is { } registration)
                        {
                            Registrations.Add(registration);
                        }
                    }
                }

                Listening.Add(listener);
                alreadyReceived = received;
            }

            if (alreadyReceived)
            {
                // The process is about to exit for an earlier signal; a run started meanwhile stops at once.
                listener.Cancel();
            }

            return listener;
        }

        /// <summary>
        /// Stops listening. True when SIGTERM or SIGHUP arrived during the run and no other run of this process is still going: the
        /// caller reports the run, then calls <see cref="ExitProcess"/>. (The last run to end exits, so a run nested in
        /// another's node never cuts its caller's cleanup short.)
        /// </summary>
        public bool End()
        {
            lock (Gate)
            {
                if (!Listening.Remove(this) || Listening.Count > 0)
                {
                    return false;
                }

                foreach (var registration in Registrations)
                {
                    registration.Dispose();
                }

                Registrations.Clear();
                return received;
            }
        }

        /// <summary>Ends the process as the signal would have: 143 after SIGTERM, 129 after SIGHUP.</summary>
        public static void ExitProcess() => Environment.Exit(exitCode);

        /// <summary>
        /// Registers <paramref name="handler"/> for <paramref name="signalName"/> (a PosixSignal name) through the named
        /// type's <c>Create(PosixSignal, Action&lt;PosixSignalContext&gt;)</c>; null when the type or the signal is not
        /// there. The handler gets the PosixSignalContext as an object.
        /// </summary>
        internal static IDisposable? TryRegister(string typeName, string signalName, Action<object> handler)
        {
            try
            {
                var type = Type.GetType(typeName, throwOnError: false);
                var create = type?.GetMethod("Create", BindingFlags.Public | BindingFlags.Static);
                var parameters = create?.GetParameters();
                if (create == null || parameters == null || parameters.Length != 2 || !parameters[0].ParameterType.IsEnum || !parameters[1].ParameterType.IsGenericType)
                {
                    return null;
                }

                var signal = Enum.Parse(parameters[0].ParameterType, signalName);

                // Forwarder.Invoke(object) binds to Action<PosixSignalContext>: a method's parameter may be a base of the delegate's.
                var forward = typeof(Forwarder).GetMethod(nameof(Forwarder.Invoke))!;
                var typedHandler = Delegate.CreateDelegate(parameters[1].ParameterType, new Forwarder(handler), forward);
                return create.Invoke(null, new[] { signal, typedHandler }) as IDisposable;
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is ArgumentException || ex is PlatformNotSupportedException || ex is MemberAccessException)
            {
                // A platform that has the type but not this signal: no listening, the signal keeps its default.
                return null;
            }
        }

        private static void OnSignal(object context, int code)
        {
            List<TerminationSignal> listeners;
            lock (Gate)
            {
                if (Listening.Count == 0)
                {
                    // The last run has just ended: let the signal end the process as it would without a run.
                    return;
                }

                if (!received)
                {
                    exitCode = code;
                }

                received = true;
                listeners = new List<TerminationSignal>(Listening);
            }

            // Cancel = true: the runtime does not end the process; the run stops and its cmdlet exits after reporting it.
            context.GetType().GetProperty("Cancel")?.SetValue(context, true);
            foreach (var listener in listeners)
            {
                listener.Cancel();
            }
        }

        private sealed class Forwarder
        {
            private readonly Action<object> handler;

            public Forwarder(Action<object> handler) => this.handler = handler;

            public void Invoke(object context) => handler(context);
        }

        private void Cancel()
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended and its cmdlet was disposed between the snapshot and here.
            }
        }
    }
}
