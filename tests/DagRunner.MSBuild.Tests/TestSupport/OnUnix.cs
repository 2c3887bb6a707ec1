using System;

namespace DagRunner.MSBuild.Tests.TestSupport
{
    internal static class OnUnix
    {
        public const string Reason = "Needs Linux or macOS (Unix paths, shell scripts, symbolic links or signals).";

        public static bool IsUnix => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();
    }
}
