using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Lines written through the cmdlet's host (<c>Host.UI</c>) instead of its pipeline. After Ctrl+C every Write* throws,
    /// but the host still writes to the console (pwsh's console host: to stdout, or stderr for errors), so what cleanup
    /// nodes, finally blocks and the closing summary say still reaches the user. Only called on the pipeline thread.
    /// </summary>
    internal static class HostLines
    {
        public static void Line(PSCmdlet cmdlet, string text, ConsoleColor? foreground = null, ConsoleColor? background = null)
            => Write(cmdlet, ui =>
            {
                if (foreground == null && background == null)
                {
                    ui.WriteLine(text);
                    return;
                }

                var raw = ui.RawUI;
                ui.WriteLine(foreground ?? raw.ForegroundColor, background ?? raw.BackgroundColor, text);
            });

        public static void Write(PSCmdlet cmdlet, Action<PSHostUserInterface> write)
        {
            try
            {
                var ui = cmdlet.Host?.UI;
                if (ui != null)
                {
                    write(ui);
                }
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // A host that cannot write (none, or one that does not implement it) has nothing left to tell.
            }
        }
    }
}
