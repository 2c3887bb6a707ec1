using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using DagRunner.MSBuild.Launching;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// Starts the next warm pwsh for an address, detached from the build: stdin from /dev/null, stdout and stderr to the
    /// address's log file (never the build's pipes, so a CI runner or a caller reading the build's output never waits
    /// for it). It loads the module, runs a one-node workflow of its own to compile the code a run needs, and waits
    /// for one build, at most <see cref="IdleTimeout"/>.
    /// </summary>
    internal static class SpareLauncher
    {
        /// <summary>How long a warm pwsh waits for a build before it exits; DAGRUNNER_WARM_PWSH_IDLE_SECONDS overrides.</summary>
        public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(10);

        public const string IdleVariable = "DAGRUNNER_WARM_PWSH_IDLE_SECONDS";

        public static TimeSpan IdleTimeout(Func<string, string?> environment)
            => int.TryParse(environment(IdleVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultIdleTimeout;

        /// <summary>
        /// Starts it unless one is already waiting (its lock is held); false when none was started, with why.
        /// </summary>
        public static bool Start(SpareAddress address, PwshCommand pwsh, string spareScript, string runnerScript, string modulePath, string taskAssembly, TimeSpan idle, IEnumerable<KeyValuePair<string, string>> environment, out string why)
        {
            try
            {
                Directory.CreateDirectory(address.Folder);
                if (IsHeld(address.LockPath))
                {
                    why = "a warm pwsh is already waiting";
                    return false;
                }

                var line = new CommandLine().Add("-c").Add("log=$1; shift; exec \"$@\" </dev/null >\"$log\" 2>&1").Add("dagrunner-warm-pwsh").Add(address.LogPath).Add(pwsh.FileName);
                foreach (var prefix in pwsh.Prefix)
                {
                    line.Add(prefix);
                }

                line.Add("-NoLogo").Add("-NoProfile").Add("-NonInteractive").Add("-ExecutionPolicy").Add("Bypass").Add("-File").Add(spareScript)
                    .Add("-SocketPath", address.SocketPath)
                    .Add("-LockPath", address.LockPath)
                    .Add("-IdleSeconds", ((int)idle.TotalSeconds).ToString(CultureInfo.InvariantCulture))
                    .Add("-TaskAssembly", taskAssembly)
                    .Add("-RunnerScript", runnerScript)
                    .Add("-ModulePath", modulePath);
                var start = new ProcessStartInfo("/bin/sh", line.ToString()) { UseShellExecute = false, CreateNoWindow = true };
                foreach (var variable in environment)
                {
                    start.Environment[variable.Key] = variable.Value;
                }

                using var process = Process.Start(start);
                why = $"started warm pwsh {process?.Id} for the next build (log: {address.LogPath})";
                return process != null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
            {
                why = "could not start a warm pwsh: " + ex.Message;
                return false;
            }
        }

        /// <summary>True when a warm pwsh holds the lock (the lock file cannot be opened exclusively).</summary>
        internal static bool IsHeld(string lockPath)
        {
            try
            {
                using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                    return false;
                }
            }
            catch (IOException)
            {
                return true;
            }
        }
    }
}
