using System;
using System.IO;
using System.Management.Automation;
using System.Text;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Where an Export-* cmdlet's text goes: the pipeline, as one string, or <c>-OutFile</c> (UTF-8 without a BOM,
    /// which Mermaid, Graphviz and trace viewers all read), returning the file only with <c>-PassThru</c>.
    /// </summary>
    internal static class ExportTarget
    {
        public static void Write(PSCmdlet cmdlet, string text, string? outFile, bool passThru, string what)
        {
            if (outFile == null)
            {
                cmdlet.WriteObject(text);
                return;
            }

            var path = cmdlet.GetUnresolvedProviderPathFromPSPath(outFile);
            if (!cmdlet.ShouldProcess(path, $"Write {what}"))
            {
                return;
            }

            try
            {
                var folder = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, ErrorIds.OutFileWriteFailed, ErrorCategory.WriteError, path));
                return;
            }

            if (passThru)
            {
                cmdlet.WriteObject(new FileInfo(path));
            }
        }
    }
}
