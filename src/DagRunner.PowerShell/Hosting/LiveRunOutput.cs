using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Validation;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// <c>-OutputMode Live</c>: the Prefixed node lines scroll as usual, and under them a region (<see cref="LiveRegion"/>)
    /// is redrawn in place a few times a second: what runs now, for how long, and the counts. Drawn with VT sequences
    /// through the host, in one write per frame inside the terminal's synchronized-update brackets, so it does not flicker.
    /// Only chosen for a console that takes VT sequences and is not redirected (<see cref="IsAvailable"/>).
    /// </summary>
    internal sealed class LiveRunOutput : IRunOutput
    {
        /// <summary>Redraws for elapsed times alone are this far apart. <value>The value is 250 ms.</value></summary>
        private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

        /// <summary>Redraws after node lines are at least this far apart; in between the region waits for the next one.</summary>
        private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(50);

        private const string BeginUpdate = "\u001b[?2026h";
        private const string EndUpdate = "\u001b[?2026l";

        private readonly PSCmdlet cmdlet;
        private readonly IRunOutput lines;
        private readonly LiveRegion region = new LiveRegion();
        private readonly Stopwatch sinceDraw = Stopwatch.StartNew();
        private readonly Func<DateTime> now;
        private int drawnLines;
        private bool stopped;

        /// <param name="now">The time on the clock the run's events are stamped with (the run's clock): the region's elapsed seconds are now minus a node's start.</param>
        public LiveRunOutput(PSCmdlet cmdlet, IRunOutput lines, Func<DateTime> now)
        {
            this.cmdlet = cmdlet;
            this.lines = lines;
            this.now = now;
        }

        /// <summary>
        /// A console that can show the region: pwsh's console host writing to a terminal (not redirected), with VT
        /// sequences on and <c>$PSStyle.OutputRendering</c> not PlainText.
        /// </summary>
        public static bool IsAvailable(PSCmdlet cmdlet)
        {
            try
            {
                var ui = cmdlet.Host?.UI;
                if (ui == null || !ui.SupportsVirtualTerminal || Console.IsOutputRedirected)
                {
                    return false;
                }

                var style = cmdlet.SessionState.PSVariable.GetValue("PSStyle");
                var rendering = style == null ? null : PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value?.ToString();
                return !string.Equals(rendering, "PlainText", StringComparison.OrdinalIgnoreCase);
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is PSInvalidOperationException || ex is InvalidOperationException)
            {
                return false;
            }
        }

        public bool Report(IReadOnlyList<Diagnostic> diagnostics) => lines.Report(diagnostics);

        /// <summary>A cmdlet-level error: no run happens, or it could not finish (its setup, its checkpoint). The region goes for good.</summary>
        public void Error(ErrorRecord record)
        {
            Erase();
            stopped = true;
            lines.Error(record);
        }

        public void Warning(string message, string? id = null) => Around(() => lines.Warning(message, id));

        public void Note(string message, string id) => Around(() => lines.Note(message, id));

        public void Event(RunEvent runEvent, ExecutionPlan plan)
        {
            region.Observe(runEvent);
            if (runEvent is NodeLogEvent || runEvent is NodeRetryingEvent || runEvent is NodeFinishedEvent || runEvent is NodeStartedEvent)
            {
                Around(() => lines.Event(runEvent, plan));
            }
            else
            {
                lines.Event(runEvent, plan);
            }
        }

        /// <summary>The elapsed times move on even when no node writes.</summary>
        public void Tick()
        {
            if (!stopped && (drawnLines == 0 || sinceDraw.Elapsed >= RefreshInterval))
            {
                Draw();
            }
        }

        public void Terminating()
        {
            Erase();
            stopped = true;
            lines.Terminating();
        }

        public void Finished(DagRunResult result, ExecutionPlan plan)
        {
            Erase();
            stopped = true;
            lines.Finished(result, plan);
        }

        /// <summary>Lines go above the region: erase it, write them, draw it again (unless one was drawn a moment ago).</summary>
        private void Around(Action write)
        {
            Erase();
            write();
            if (!stopped && !cmdlet.Stopping && sinceDraw.Elapsed >= MinimumInterval)
            {
                Draw();
            }
        }

        private void Draw()
        {
            if (cmdlet.Stopping)
            {
                Erase();
                stopped = true;
                return;
            }

            var text = new StringBuilder(BeginUpdate);
            AppendErase(text);
            var frame = region.Lines(now(), Width() - 1);
            foreach (var line in frame)
            {
                text.Append(line).Append('\n');
            }

            text.Append(EndUpdate);
            HostLines.Write(cmdlet, ui => ui.Write(text.ToString()));
            drawnLines = frame.Count;
            sinceDraw.Restart();
        }

        private void Erase()
        {
            if (drawnLines == 0)
            {
                return;
            }

            var text = new StringBuilder();
            AppendErase(text);
            HostLines.Write(cmdlet, ui => ui.Write(text.ToString()));
        }

        /// <summary>Up to the region's first line, then erase from there to the end of the screen.</summary>
        private void AppendErase(StringBuilder text)
        {
            if (drawnLines > 0)
            {
                text.Append("\u001b[").Append(drawnLines).Append('A').Append('\r').Append("\u001b[J");
                drawnLines = 0;
            }
        }

        private int Width()
        {
            try
            {
                var width = cmdlet.Host?.UI?.RawUI?.WindowSize.Width ?? 0;
                return width > 0 ? width : 80;
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is System.IO.IOException || ex is InvalidOperationException)
            {
                return 80;
            }
        }
    }
}
