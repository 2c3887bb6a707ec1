using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// Whether this process ignores SIGINT, which a pwsh it starts inherits (a build started in the background by a
    /// shell without job control does). A warm pwsh keeps the disposition of the build that started it, so the key
    /// includes it: Ctrl+C, which the task forwards as SIGINT, must stop the run exactly when it would stop a new pwsh.
    /// </summary>
    internal static class InterruptDisposition
    {
        private const ulong SigIntBit = 1UL << 1;

        /// <summary>"ignored", "default", or "unknown" where /proc/self/status does not say (macOS).</summary>
        public static string Describe()
        {
            try
            {
                return Describe(File.ReadLines("/proc/self/status"));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return "unknown";
            }
        }

        /// <summary>The same, from the lines of a /proc/&lt;pid&gt;/status file.</summary>
        internal static string Describe(IEnumerable<string> statusLines)
        {
            foreach (var line in statusLines)
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal)
                    && ulong.TryParse(line.Substring(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ignored))
                {
                    return (ignored & SigIntBit) != 0 ? "ignored" : "default";
                }
            }

            return "unknown";
        }
    }
}
