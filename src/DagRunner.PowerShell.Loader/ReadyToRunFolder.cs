using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DagRunner.PowerShell.Loader
{
    /// <summary>
    /// The packaged module carries ReadyToRun images of its dependencies (native code beside the IL) in
    /// <c>Dependencies/net&lt;major&gt;.0-&lt;rid&gt;/</c>, one folder per runtime and platform they were compiled for.
    /// A fresh pwsh then does not JIT the engine on every run. The runtime ignores images compiled for another
    /// major version, and refuses those of another platform, so the folder is only used where both match;
    /// everywhere else the IL assemblies in <c>Dependencies/</c> load as before.
    /// </summary>
    internal static class ReadyToRunFolder
    {
        /// <summary>The folder for this process's runtime and platform under <paramref name="dependencies"/>, or null.</summary>
        public static string? Find(string dependencies)
        {
            var name = NameFor(Environment.Version.Major, RuntimeIdentifier());
            if (name == null)
            {
                return null;
            }

            var path = Path.Combine(dependencies, name);
            return File.Exists(Path.Combine(path, "DagRunner.Engine.dll")) ? path : null;
        }

        /// <summary><c>net10.0-linux-x64</c> for .NET 10 on 64-bit Intel Linux; null for a platform without images.</summary>
        public static string? NameFor(int runtimeMajor, string? runtimeIdentifier) =>
            runtimeIdentifier == null || runtimeMajor < 5 ? null : $"net{runtimeMajor}.0-{runtimeIdentifier}";

        private static string? RuntimeIdentifier()
        {
            string os;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                os = "win";
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                os = "linux";
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                os = "osx";
            }
            else
            {
                return null;
            }

            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64:
                    return os + "-x64";
                case Architecture.Arm64:
                    return os + "-arm64";
                default:
                    return null;
            }
        }
    }
}
