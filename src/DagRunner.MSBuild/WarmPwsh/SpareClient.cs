using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipes;
using System.Text;
using System.Threading.Tasks;
using DagRunner.MSBuild.Launching;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// The build's side: claim the warm pwsh waiting at an address, send it the run, and read back its lines. A
    /// claim that fails in any way (none waiting, one that went away, another build took it first) returns null and
    /// the task starts pwsh itself, as without a warm one; the request is only sent after the warm pwsh said it is
    /// ready, so a run never starts twice.
    /// </summary>
    internal sealed class SpareClient : IDisposable
    {
        private readonly NamedPipeClientStream pipe;

        private SpareClient(NamedPipeClientStream pipe, int processId)
        {
            this.pipe = pipe;
            ProcessId = processId;
        }

        /// <summary>The warm pwsh's process id: Ctrl+C goes there.</summary>
        public int ProcessId { get; }

        /// <summary>
        /// Connects and waits up to <paramref name="readyTimeout"/> for the warm pwsh's <c>ready</c>; null (and why)
        /// when there is none to take.
        /// </summary>
        public static SpareClient? TryClaim(SpareAddress address, TimeSpan readyTimeout, out string whyNot)
        {
            if (!File.Exists(address.SocketPath))
            {
                whyNot = "no warm pwsh is waiting (the first build of this kind, or the last one expired)";
                return null;
            }

            if (!SpareLauncher.IsHeld(address.LockPath))
            {
                whyNot = "the warm pwsh's socket was left by one that is gone";
                return null;
            }

            var pipe = new NamedPipeClientStream(".", address.SocketPath, PipeDirection.InOut, SpareServer.CurrentUserOnly);
            try
            {
                pipe.Connect(2000);
                var ready = Task.Run(() => SpareServer.ReadLine(pipe));
                if (!ready.Wait(readyTimeout) || ready.Result == null || !ready.Result.StartsWith("ready ", StringComparison.Ordinal)
                    || !int.TryParse(ready.Result.Substring(6), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
                {
                    pipe.Dispose();
                    whyNot = "the warm pwsh did not answer (another build took it, or it ended)";
                    return null;
                }

                whyNot = string.Empty;
                return new SpareClient(pipe, processId);
            }
            catch (Exception ex) when (ex is IOException || ex is TimeoutException || ex is UnauthorizedAccessException || ex is AggregateException)
            {
                pipe.Dispose();
                whyNot = "the warm pwsh's socket did not take the connection (" + ex.GetBaseException().Message + ")";
                return null;
            }
        }

        /// <summary>
        /// Sends the run and hands each line it prints to <paramref name="onLine"/> (true for stderr) until it ends;
        /// returns its exit code, or null when the connection ended without one (the warm pwsh died).
        /// </summary>
        public int? Run(string workingDirectory, IEnumerable<KeyValuePair<string, string>> variables, string argumentsJson, Action<string, bool> onLine)
        {
            var request = new StringBuilder("{\"cwd\":");
            JsonText.AppendString(request, workingDirectory);
            request.Append(",\"variables\":").Append(JsonText.Object(variables)).Append(",\"arguments\":").Append(argumentsJson).Append("}\n");
            try
            {
                var bytes = new UTF8Encoding(false).GetBytes(request.ToString());
                pipe.Write(bytes, 0, bytes.Length);
                pipe.Flush();
                using var reader = new StreamReader(pipe, new UTF8Encoding(false));
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (line.StartsWith("o ", StringComparison.Ordinal))
                    {
                        onLine(line.Substring(2), false);
                    }
                    else if (line.StartsWith("e ", StringComparison.Ordinal))
                    {
                        onLine(line.Substring(2), true);
                    }
                    else if (line.StartsWith("x ", StringComparison.Ordinal) && int.TryParse(line.Substring(2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitCode))
                    {
                        return exitCode;
                    }
                }
            }
            catch (IOException)
            {
                // The warm pwsh went away mid-run: no exit code.
            }

            return null;
        }

        public void Dispose() => pipe.Dispose();
    }
}
