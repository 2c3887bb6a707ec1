using System;
using System.Runtime.InteropServices;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// Whether a build may hand its run to a warm pwsh (one started ahead by the previous build) and leave one behind
    /// for the next. Default: yes on Linux and macOS, except where the build asked not to leave processes behind.
    /// </summary>
    /// <remarks>
    /// The order: the task's <c>WarmPwsh</c> parameter (true/false), then <c>DAGRUNNER_WARM_PWSH</c> (1/0), then the
    /// default. The default is off on Windows (untested there), when <c>MSBUILDDISABLENODEREUSE=1</c> (the switch that
    /// keeps MSBuild from leaving its own node processes behind), and on CI (<c>CI</c>, <c>TF_BUILD</c> or
    /// <c>GITHUB_ACTIONS</c> set), where every build starts on a fresh machine and a process left behind serves nobody.
    /// </remarks>
    internal static class WarmPwshSettings
    {
        public const string EnvironmentVariable = "DAGRUNNER_WARM_PWSH";

        /// <summary>True when the warm pwsh may be used; otherwise <paramref name="whyNot"/> says why, for the log.</summary>
        public static bool IsEnabled(string? parameter, Func<string, string?> environment, bool isWindows, out string whyNot)
        {
            whyNot = string.Empty;
            var explicitly = Parse(parameter);
            if (explicitly == false)
            {
                whyNot = "WarmPwsh=\"false\"";
                return false;
            }

            if (isWindows)
            {
                whyNot = "not supported on Windows";
                return false;
            }

            if (explicitly == true)
            {
                return true;
            }

            var variable = Parse(environment(EnvironmentVariable));
            if (variable.HasValue)
            {
                whyNot = variable.Value ? string.Empty : EnvironmentVariable + "=0";
                return variable.Value;
            }

            if (environment("MSBUILDDISABLENODEREUSE") == "1")
            {
                whyNot = "MSBUILDDISABLENODEREUSE=1 (no processes left behind)";
                return false;
            }

            foreach (var ci in new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS" })
            {
                var value = environment(ci);
                if (!string.IsNullOrEmpty(value) && Parse(value) != false)
                {
                    whyNot = ci + " is set (a CI build)";
                    return false;
                }
            }

            return true;
        }

        public static bool IsEnabled(string? parameter, out string whyNot)
            => IsEnabled(parameter, Environment.GetEnvironmentVariable, RuntimeInformation.IsOSPlatform(OSPlatform.Windows), out whyNot);

        /// <summary>true/false/1/0/yes/no (any case); null for empty or anything else.</summary>
        internal static bool? Parse(string? value)
        {
            switch (value?.Trim().ToLowerInvariant())
            {
                case "true":
                case "1":
                case "yes":
                    return true;
                case "false":
                case "0":
                case "no":
                    return false;
                default:
                    return null;
            }
        }
    }
}
