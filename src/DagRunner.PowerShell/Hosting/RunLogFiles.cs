using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using DagRunner.Engine.Events;
using DagRunner.Engine.Results;
using static System.FormattableString;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// <c>-LogDirectory</c>: one file per node with every line it wrote (each stream, timestamped, attempts marked),
    /// appended as the run goes, and <c>summary.txt</c> (and for <c>-LogDirectory</c>, <c>report.html</c>) at the end. Written on the pipeline thread, from the same
    /// events the screen gets; a node's file is closed when it ends, so thousands of nodes never hold thousands of files.
    /// The files are a copy of what the run shows, not its state: when one cannot be written (a full disk), the files stop
    /// there with one warning and the run goes on.
    /// </summary>
    internal sealed class RunLogFiles : IDisposable
    {
        private readonly string folder;
        private readonly Dictionary<string, StreamWriter> open = new Dictionary<string, StreamWriter>(StringComparer.OrdinalIgnoreCase);
        private readonly RunReportFile? report;
        private readonly Action<string>? warn;
        private bool stopped;

        /// <param name="folder">Where the files go.</param>
        /// <param name="report">With <c>-LogDirectory</c>: also write <c>report.html</c> when the run ends.</param>
        /// <param name="warn">Told once, when the files cannot be written any more.</param>
        public RunLogFiles(string folder, RunReportFile? report = null, Action<string>? warn = null)
        {
            this.folder = folder;
            this.report = report;
            this.warn = warn;
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Stop(ex);
            }
        }

        public string Folder => folder;

        /// <summary>
        /// Per-node log files: in <paramref name="logDirectory"/> (<c>-LogDirectory</c>), or for Grouped output (whose lines
        /// otherwise appear only when a node ends) in <paramref name="groupedFolder"/>, the state folder's
        /// <c>logs/&lt;run id&gt;/</c>; null for neither. Only a -LogDirectory gets the run's <paramref name="report"/>.
        /// </summary>
        public static RunLogFiles? For(PSCmdlet cmdlet, IRunOutput output, string? logDirectory, OutputMode mode, string groupedFolder, RunReportFile report)
        {
            string? folder = logDirectory != null
                ? cmdlet.GetUnresolvedProviderPathFromPSPath(logDirectory)
                : mode == OutputMode.Grouped ? groupedFolder : null;
            if (folder == null)
            {
                return null;
            }

            if (mode == OutputMode.Grouped)
            {
                cmdlet.Host.UI.WriteLine($"Live node output: {folder}");
            }

            return new RunLogFiles(folder, logDirectory != null ? report : null, warning => output.Warning(warning, ErrorIds.LogWriteFailed));
        }

        /// <summary>The log file of <paramref name="node"/>: its name with characters a file name cannot hold replaced.</summary>
        public string PathOf(string node) => PathOf(folder, node);

        /// <summary>The log file of <paramref name="node"/> in the log folder <paramref name="folder"/>.</summary>
        public static string PathOf(string folder, string node)
        {
            var invalid = Path.GetInvalidFileNameChars();
            var safe = new string(node.Select(c => invalid.Contains(c) || c == '[' || c == ']' ? '_' : c).ToArray());
            return Path.Combine(folder, safe + ".log");
        }

        /// <summary>
        /// What <paramref name="node"/>'s log file in <paramref name="folder"/> holds, or null when it has none: the last
        /// <paramref name="maxChars"/> characters, after a line saying how much was left out (a failure is at the end).
        /// </summary>
        /// <exception cref="IOException">The file exists but cannot be read.</exception>
        public static string? ReadTail(string folder, string node, int maxChars)
        {
            var path = PathOf(folder, node);
            if (!File.Exists(path))
            {
                return null;
            }

            var text = File.ReadAllText(path, Encoding.UTF8);
            return text.Length <= maxChars
                ? text
                : $"({text.Length - maxChars} earlier characters are in {path})\n" + text.Substring(text.Length - maxChars);
        }

        public void Write(RunEvent runEvent)
        {
            if (stopped)
            {
                return;
            }

            try
            {
                WriteFiles(runEvent);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Stop(ex);
            }
        }

        public void Dispose()
        {
            foreach (var writer in open.Values)
            {
                writer.Dispose();
            }

            open.Clear();
        }

        /// <summary>A write failed: no file is written any more, and the user is told once.</summary>
        private void Stop(Exception ex)
        {
            stopped = true;
            foreach (var writer in open.Values)
            {
                try
                {
                    writer.Dispose();
                }
                catch (IOException)
                {
                    // Its last line may be lost with it; the warning says the files stop here.
                }
            }

            open.Clear();
            warn?.Invoke($"The log files in '{folder}' stop here: {ex.Message.TrimEnd(' ', '.')}. The run goes on without them.");
        }

        private void WriteFiles(RunEvent runEvent)
        {
            switch (runEvent)
            {
                case NodeStartedEvent started:
                    Line(started.Node, started.Time, "dagrunner", $"attempt {started.Attempt} started");
                    break;
                case NodeRetryingEvent retrying:
                    Line(retrying.Node, retrying.Time, "dagrunner", Invariant($"attempt {retrying.FailedAttempt} of {retrying.MaxAttempts} failed: {HostRunOutput.Clause(ErrorLine(retrying.Error))}; next in {retrying.Delay.TotalSeconds:0.###}s"));
                    break;
                case NodeLogEvent log:
                    foreach (var (stream, text) in NodeLogText.Lines(log))
                    {
                        Line(log.Node, log.Time, stream, text);
                    }

                    break;
                case NodeFinishedEvent finished:
                    var r = finished.Result;
                    if (r.Attempts > 0 || open.ContainsKey(r.Name))
                    {
                        var why = r.Reason == NodeReason.None ? string.Empty : $" ({r.Reason})";
                        var error = r.ErrorMessage != null ? $": {r.ErrorMessage}" : string.Empty;
                        Line(r.Name, finished.Time, "dagrunner", $"{r.Status}{why}{error}");
                        Close(r.Name);
                    }

                    break;
                case RunFinishedEvent runFinished:
                    WriteSummary(runFinished.Result);
                    if (report != null)
                    {
                        Dispose(); // Every node has ended: the report reads their files whole.
                        report.Write(folder, runFinished.Result);
                    }

                    break;
            }
        }

        private void Line(string node, DateTime time, string stream, string text)
        {
            if (!open.TryGetValue(node, out var writer))
            {
                writer = new StreamWriter(PathOf(node), append: true, new UTF8Encoding(false)) { AutoFlush = true };
                open[node] = writer;
            }

            // Every line of the file starts with the time and the stream, also the continuation lines of a multi-line error.
            var prefix = $"{time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} [{stream}] ";
            foreach (var line in NodeLogText.SplitLines(text.Replace("\r\n", "\n").Replace('\r', '\n')))
            {
                writer.WriteLine(prefix + line);
            }
        }

        private void Close(string node)
        {
            if (open.TryGetValue(node, out var writer))
            {
                writer.Dispose();
                open.Remove(node);
            }
        }

        private void WriteSummary(DagRunResult result)
            => File.WriteAllText(Path.Combine(folder, "summary.txt"), RunSummaryText.Format(result), new UTF8Encoding(false));

        private static string ErrorLine(object? error) => error == null ? "unknown error" : NodeLogText.Message(error).Trim();
    }
}
