using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// SIGTERM (what CI systems and <c>docker stop</c> send) while a run is going: the run is stopped as on Ctrl+C and
    /// the process exits with <see cref="ExitCode"/> once the run has been reported. With no run going, SIGTERM keeps
    /// the runtime's default (the process ends at once).
    /// </summary>
    /// <remarks>
    /// The signal comes through <c>System.Runtime.InteropServices.PosixSignalRegistration</c> (.NET 6+). The module
    /// compiles against netstandard2.0, which does not have it, but always runs on PowerShell 7.4+ (.NET 8+), which
    /// does; so this file, and only this file, reaches it by reflection. Where the type is missing (Windows PowerShell
    /// 5.1) or refuses the signal, listening is a no-op. One registration serves every run of the process (a workflow
    /// may run Invoke-Dag in a node, or several runspaces may each run one); it exists only while some run is going.
    /// </remarks>
    internal sealed class TerminationSignal
    {
        /// <summary>128 + 15: the conventional exit code of a process ended by SIGTERM.</summary>
        public const int ExitCode = 143;

        internal const string RegistrationTypeName = "System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices";

        private static readonly object Gate = new object();
        private static readonly List<TerminationSignal> Listening = new List<TerminationSignal>();
        private static IDisposable? registration;
        private static bool received;

        private readonly CancellationTokenSource stop;

        private TerminationSignal(CancellationTokenSource stop) => this.stop = stop;

        /// <summary>Until <see cref="End"/>, SIGTERM cancels <paramref name="stop"/> instead of ending the process.</summary>
        public static TerminationSignal Listen(CancellationTokenSource stop)
        {
            var listener = new TerminationSignal(stop);
            bool alreadyReceived;
            lock (Gate)
            {
                if (Listening.Count == 0)
                {
                    received = false;
                    registration = TryRegister(RegistrationTypeName, OnSignal);
                }

                Listening.Add(listener);
                alreadyReceived = received;
            }

            if (alreadyReceived)
            {
                // The process is about to exit for an earlier SIGTERM; a run started meanwhile stops at once.
                listener.Cancel();
            }

            return listener;
        }

        /// <summary>
        /// Stops listening. True when SIGTERM arrived during the run and no other run of this process is still going: the
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

                registration?.Dispose();
                registration = null;
                return received;
            }
        }

        public static void ExitProcess() => Environment.Exit(ExitCode);

        /// <summary>
        /// Registers <paramref name="handler"/> for SIGTERM through the named type's <c>Create(PosixSignal, Action&lt;PosixSignalContext&gt;)</c>;
        /// null when the type or the signal is not there. The handler gets the PosixSignalContext as an object.
        /// </summary>
        internal static IDisposable? TryRegister(string typeName, Action<object> handler)
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

                var signal = Enum.Parse(parameters[0].ParameterType, "SIGTERM");

                // Forwarder.Invoke(object) binds to Action<PosixSignalContext>: a method's parameter may be a base of the delegate's.
                var forward = typeof(Forwarder).GetMethod(nameof(Forwarder.Invoke))!;
                var typedHandler = Delegate.CreateDelegate(parameters[1].ParameterType, new Forwarder(handler), forward);
                return create.Invoke(null, new[] { signal, typedHandler }) as IDisposable;
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is ArgumentException || ex is PlatformNotSupportedException || ex is MemberAccessException)
            {
                // A platform that has the type but not this signal: no listening, SIGTERM keeps its default.
                return null;
            }
        }

        private static void OnSignal(object context)
        {
            List<TerminationSignal> listeners;
            lock (Gate)
            {
                if (Listening.Count == 0)
                {
                    // The last run has just ended: let SIGTERM end the process as it would without a run.
                    return;
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
