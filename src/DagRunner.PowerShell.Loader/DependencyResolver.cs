using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace DagRunner.PowerShell.Loader
{
    /// <summary>
    /// Where the module's dependencies come from. In the packaged module the engine, YamlDotNet, Polly and their
    /// support assemblies sit in <c>Dependencies/</c>, out of PowerShell's sight: on PowerShell 7 they load into a
    /// private AssemblyLoadContext, so another YamlDotNet already in the session cannot clash with ours; on
    /// Windows PowerShell 5.1 (no load contexts) they load on demand from the same folder.
    /// </summary>
    internal static class DependencyResolver
    {
        /// <summary>The folder beside the loader (and the cmdlet assembly) that holds everything else.</summary>
        public static readonly string Folder = Path.Combine(
            Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? string.Empty, "Dependencies");

        private static readonly bool IsNetFramework = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
        private static readonly object Gate = new object();
        private static bool installed;

        public static void Install()
        {
            lock (Gate)
            {
                // A build's flat output folder (no Dependencies/) loads everything side by side, as .NET does by default.
                if (installed || !Directory.Exists(Folder))
                {
                    return;
                }

                if (IsNetFramework)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveOnNetFramework;
                }
                else
                {
                    // In its own method, so Windows PowerShell never compiles code that names AssemblyLoadContext.
                    PrivateLoadContext.Install(Folder);
                }

                installed = true;
            }
        }

        public static void Uninstall()
        {
            lock (Gate)
            {
                if (!installed)
                {
                    return;
                }

                if (IsNetFramework)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnNetFramework;
                }
                else
                {
                    PrivateLoadContext.Uninstall();
                }

                installed = false;
            }
        }

        /// <summary>The file of <paramref name="name"/> in <see cref="Folder"/>, or null when it is not ours.</summary>
        public static string? PathOf(AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name))
            {
                return null;
            }

            var path = Path.Combine(Folder, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }

        private static Assembly? ResolveOnNetFramework(object? sender, ResolveEventArgs args)
        {
            var path = PathOf(new AssemblyName(args.Name));
            return path == null ? null : Assembly.LoadFrom(path);
        }
    }
}
