using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace DagRunner.PowerShell.Loader
{
    /// <summary>
    /// The module's own AssemblyLoadContext on PowerShell 7. PowerShell's context asks it for the engine (the
    /// cmdlets reference it); everything the engine needs then loads here first: YamlDotNet, Polly and the other
    /// assemblies in <c>Dependencies/</c>. Assemblies the runtime itself provides (System.Text.Json, System.Memory, ...)
    /// and PowerShell's own come from the default context, so types such as Span and PSObject stay one type.
    /// </summary>
    internal sealed class PrivateLoadContext : AssemblyLoadContext
    {
        private static PrivateLoadContext? instance;
        private static readonly Lazy<HashSet<string>> PlatformAssemblies = new Lazy<HashSet<string>>(ReadPlatformAssemblies);
        private readonly string folder;
        private readonly string? readyToRunFolder;

        private PrivateLoadContext(string folder)
        {
            this.folder = folder;
            readyToRunFolder = ReadyToRunFolder.Find(folder);
        }

        /// <summary>The name this context shows in <c>[AssemblyLoadContext]::GetLoadContext(...)</c>; tests check it.</summary>
        public static string ContextName => "DagRunner";

        public static void Install(string folder)
        {
            instance ??= new PrivateLoadContext(folder);
            Default.Resolving += ResolveFromDefault;
        }

        public static void Uninstall() => Default.Resolving -= ResolveFromDefault;

        public override string ToString() => ContextName;

        /// <summary>Within this context: ours from the folder (its ReadyToRun image when there is one for this runtime), unless the runtime provides it.</summary>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (IsPlatform(assemblyName))
            {
                return null;
            }

            var fileName = assemblyName.Name + ".dll";
            if (readyToRunFolder != null)
            {
                var precompiled = Path.Combine(readyToRunFolder, fileName);
                if (File.Exists(precompiled))
                {
                    return LoadFromAssemblyPath(precompiled);
                }
            }

            var path = Path.Combine(folder, fileName);
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>PowerShell's context could not find an assembly the cmdlets need: if it is ours, it loads here.</summary>
        private static Assembly? ResolveFromDefault(AssemblyLoadContext context, AssemblyName name)
        {
            var loader = instance;
            if (loader == null || IsPlatform(name) || DependencyResolver.PathOf(name) == null)
            {
                return null;
            }

            return loader.LoadFromAssemblyName(name);
        }

        private static bool IsPlatform(AssemblyName name) => name.Name != null && PlatformAssemblies.Value.Contains(name.Name);

        private static HashSet<string> ReadPlatformAssemblies()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0)
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            return names;
        }
    }
}
