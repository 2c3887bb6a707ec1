using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// Where the warm pwsh for one kind of build waits: a socket, a lock file and a log file named by a key. The key
    /// hashes everything a fresh pwsh would differ by (the pwsh command, the runner and module files, the whole
    /// environment), so a build only ever gets a pwsh that is the one it would have started itself.
    /// </summary>
    /// <remarks>
    /// The folder is the user's temp folder's <c>dagrunner-warm-&lt;user&gt;</c>. Clients connect with
    /// CurrentUserOnly, so a socket another user planted there is refused. A Unix socket path holds at most 104
    /// bytes on macOS (108 on Linux): a longer one disables the warm pwsh.
    /// </remarks>
    internal sealed class SpareAddress
    {
        internal const int MaxSocketPathLength = 100;

        private SpareAddress(string folder, string key)
        {
            Folder = folder;
            Key = key;
        }

        public string Folder { get; }

        /// <summary>16 hex digits of SHA-256 over the inputs.</summary>
        public string Key { get; }

        public string SocketPath => System.IO.Path.Combine(Folder, Key + ".sock");

        public string LockPath => System.IO.Path.Combine(Folder, Key + ".lock");

        /// <summary>What the warm pwsh writes outside the socket (start-up errors, output of processes it started that bypassed PowerShell).</summary>
        public string LogPath => System.IO.Path.Combine(Folder, Key + ".log");

        /// <summary>
        /// The address for these inputs; null (and <paramref name="whyNot"/>) when the socket path would be too long.
        /// </summary>
        /// <param name="folder">The folder for the socket and lock; <see cref="DefaultFolder"/> for real builds.</param>
        /// <param name="command">pwsh and every argument before the spare's own.</param>
        /// <param name="files">Files whose change must retire a warm pwsh: runner scripts, the module's assemblies, the task's own.</param>
        /// <param name="environment">The environment the child would get; <paramref name="perRun"/> names the variables set per run instead.</param>
        public static SpareAddress? For(string folder, IEnumerable<string> command, IEnumerable<string> files, IDictionary environment, ICollection<string> perRun, out string whyNot)
        {
            var text = new StringBuilder();
            foreach (var part in command)
            {
                text.Append("arg\0").Append(part).Append('\0');
            }

            foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                text.Append("file\0").Append(file).Append('\0')
                    .Append(info.Exists ? info.LastWriteTimeUtc.Ticks + ":" + info.Length : "missing").Append('\0');
            }

            foreach (var name in environment.Keys.Cast<object>().Select(k => k.ToString()!).Where(n => !perRun.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
            {
                text.Append("env\0").Append(name).Append('=').Append(environment[name]).Append('\0');
            }

            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
            var key = string.Concat(hash.Take(8).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            var address = new SpareAddress(folder, key);
            if (Encoding.UTF8.GetByteCount(address.SocketPath) > MaxSocketPathLength)
            {
                whyNot = $"the socket path '{address.SocketPath}' is longer than {MaxSocketPathLength} bytes (set TMPDIR to a shorter folder)";
                return null;
            }

            whyNot = string.Empty;
            return address;
        }

        /// <summary><c>$TMPDIR/dagrunner-warm-&lt;user&gt;</c>.</summary>
        public static string DefaultFolder()
        {
            var user = new string((Environment.UserName ?? "user").Where(c => char.IsLetterOrDigit(c) || c == '-' || c == '_').ToArray());
            return System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dagrunner-warm-" + (user.Length == 0 ? "user" : user));
        }
    }
}
