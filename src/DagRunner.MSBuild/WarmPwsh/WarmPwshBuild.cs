using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using DagRunner.MSBuild.Launching;
using DagRunner.MSBuild.UpToDate;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// The warm pwsh as one <c>&lt;RunDag&gt;</c> call sees it: the address of its kind of build, the run handed to the
    /// warm pwsh waiting there, and the next one started for the build after. What RunDag itself keeps is the choice
    /// between this and a new pwsh child.
    /// </summary>
    internal sealed class WarmPwshBuild
    {
        /// <summary>How long a warm pwsh that took the connection may take to say <c>ready</c>; after that the build starts pwsh itself.</summary>
        private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

        private readonly PwshCommand pwsh;
        private readonly string scriptPath;
        private readonly string modulePath;
        private readonly IReadOnlyList<KeyValuePair<string, string>> overrides;
        private int processId;

        private WarmPwshBuild(SpareAddress address, PwshCommand pwsh, string scriptPath, string modulePath, IReadOnlyList<KeyValuePair<string, string>> overrides)
        {
            Address = address;
            this.pwsh = pwsh;
            this.scriptPath = scriptPath;
            this.modulePath = modulePath;
            this.overrides = overrides;
        }

        public SpareAddress Address { get; }

        /// <summary>The warm pwsh running this build's workflow; 0 before one took it. Read by the thread that cancels.</summary>
        public int ProcessId => Volatile.Read(ref processId);

        /// <summary>
        /// This build's warm pwsh address; null (and why) when the warm pwsh is off (<see cref="WarmPwshSettings"/>) or
        /// the address cannot be a socket.
        /// </summary>
        /// <param name="environmentVariables">The task's EnvironmentVariables (<c>Name=Value</c>), which the child gets over this process's.</param>
        public static WarmPwshBuild? For(string? setting, PwshCommand pwsh, string scriptPath, string modulePath, IEnumerable<string>? environmentVariables, out string whyNot)
        {
            if (!WarmPwshSettings.IsEnabled(setting, out whyNot))
            {
                whyNot = "no warm pwsh: " + whyNot;
                return null;
            }

            var overrides = Overrides(environmentVariables).ToList();
            var command = new[] { pwsh.FileName }.Concat(pwsh.Prefix).Concat(new[] { "SIGINT " + InterruptDisposition.Describe() });
            var address = SpareAddress.For(SpareAddress.DefaultFolder(), command, KeyFiles(scriptPath, modulePath), ChildEnvironment(overrides), new[] { NoChangeShortcut.PathVariable }, out whyNot);
            if (address == null)
            {
                whyNot = "starting pwsh: " + whyNot;
                return null;
            }

            return new WarmPwshBuild(address, pwsh, scriptPath, modulePath, overrides);
        }

        /// <summary>
        /// Runs in the warm pwsh waiting at the address: calls <paramref name="started"/> with its process id, hands each
        /// line it prints to <paramref name="onLine"/> (true for stderr), and returns its exit code, or -1 when it ended
        /// without one (<paramref name="lost"/> then says so). Null (and why) when none was there to take.
        /// </summary>
        /// <param name="cancelled">
        /// Read once the warm pwsh is taken and <see cref="ProcessId"/> set: true sends no run (the warm pwsh ends, as
        /// when a build leaves before its request) and returns -1. A cancel that read <see cref="ProcessId"/> as 0 had
        /// no pwsh to signal; this is where it still takes effect.
        /// </param>
        public int? TryRun(string workingDirectory, IReadOnlyDictionary<string, string> variables, string argumentsJson, Func<bool> cancelled, Action<int> started, Action<string, bool> onLine, out string whyNot, out string? lost)
        {
            lost = null;
            using var spare = SpareClient.TryClaim(Address, ReadyTimeout, out whyNot);
            if (spare == null)
            {
                whyNot = "starting pwsh: " + whyNot;
                return null;
            }

            Volatile.Write(ref processId, spare.ProcessId);
            // Pairs with the barrier after the cancel's own flag: either the cancel sees this id, or this sees the flag.
            Interlocked.MemoryBarrier();
            if (cancelled())
            {
                whyNot = "the build was cancelled before its run was sent";
                return -1;
            }

            started(spare.ProcessId);
            var exitCode = spare.Run(workingDirectory, variables, argumentsJson, onLine);
            if (exitCode == null)
            {
                lost = $"warm pwsh {spare.ProcessId} ended before it reported how the run ended (its log: {Address.LogPath})";
            }

            return exitCode ?? -1;
        }

        /// <summary>Starts the warm pwsh the next build of this kind takes, unless one is waiting; says what it did.</summary>
        public string LeaveNext()
        {
            var taskAssembly = typeof(WarmPwshBuild).Assembly.Location;
            var spareScript = Path.Combine(TaskValues.PackageTools(), "WarmPwsh.ps1");
            if (!File.Exists(spareScript))
            {
                return $"no warm pwsh left: '{spareScript}' is missing";
            }

            SpareLauncher.Start(Address, pwsh, spareScript, scriptPath, modulePath, taskAssembly, SpareLauncher.IdleTimeout(Environment.GetEnvironmentVariable), overrides, out var what);
            return what;
        }

        /// <summary>Files whose change must retire a warm pwsh: the runner, the module and its assemblies, the task itself.</summary>
        private static IEnumerable<string> KeyFiles(string scriptPath, string modulePath)
        {
            var files = new List<string> { scriptPath, modulePath, typeof(WarmPwshBuild).Assembly.Location };
            var moduleFolder = Path.GetDirectoryName(modulePath);
            if (moduleFolder != null && Directory.Exists(moduleFolder))
            {
                files.AddRange(Directory.GetFiles(moduleFolder, "*.dll"));
                var dependencies = Path.Combine(moduleFolder, "Dependencies");
                if (Directory.Exists(dependencies))
                {
                    files.AddRange(Directory.GetFiles(dependencies, "*.dll"));
                }
            }

            return files;
        }

        /// <summary>The environment a pwsh child gets: this process's, with the task's EnvironmentVariables over it.</summary>
        private static IDictionary ChildEnvironment(IEnumerable<KeyValuePair<string, string>> overrides)
        {
            var environment = new Hashtable(StringComparer.Ordinal);
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                environment[(string)variable.Key] = variable.Value;
            }

            foreach (var variable in overrides)
            {
                environment[variable.Key] = variable.Value;
            }

            return environment;
        }

        private static IEnumerable<KeyValuePair<string, string>> Overrides(IEnumerable<string>? environmentVariables)
        {
            foreach (var entry in environmentVariables ?? Array.Empty<string>())
            {
                var equals = entry.IndexOf('=');
                if (equals > 0)
                {
                    yield return new KeyValuePair<string, string>(entry.Substring(0, equals), entry.Substring(equals + 1));
                }
            }
        }
    }
}
