using System;
using System.Collections.Generic;
using System.IO;
using DagRunner.MSBuild.Protocol;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// Finds PowerShell 7, in this order: the task's <c>PwshPath</c>; the powershell tool of a dotnet tool manifest
    /// (<c>.config/dotnet-tools.json</c> or <c>dotnet-tools.json</c>) at or above the project; <c>pwsh</c> on PATH.
    /// Nothing else (no registry, no well-known install folders): what runs is what the project or the machine says.
    /// A manifest's tool starts as <c>dotnet &lt;NuGet packages&gt;/powershell/&lt;version&gt;/tools/&lt;tfm&gt;/any/&lt;unix|win&gt;/pwsh.dll</c>:
    /// the same pwsh the tool's shim would load, about 0.3 s sooner than <c>dotnet pwsh</c> (no CLI tool lookup,
    /// no shim). When that file is not there (the tool is not restored yet) it is <c>dotnet pwsh</c>, whose error says what to do.
    /// </summary>
    internal sealed class PwshLocator
    {
        private readonly Func<string, string?> environment;
        private readonly bool isWindows;

        /// <param name="environment">Reads an environment variable (PATH, DOTNET_HOST_PATH); tests pass their own.</param>
        /// <param name="isWindows">Whether executables end in .exe.</param>
        public PwshLocator(Func<string, string?> environment, bool isWindows)
        {
            this.environment = environment;
            this.isWindows = isWindows;
        }

        /// <summary>Finds pwsh for a project in <paramref name="projectDirectory"/>; null with <paramref name="problem"/> set when none is found.</summary>
        public PwshCommand? Locate(string? pwshPath, string projectDirectory, out string? problem)
        {
            problem = null;
            if (!string.IsNullOrWhiteSpace(pwshPath))
            {
                var path = pwshPath!.Trim();
                var found = IsBareName(path)
                    ? FindOnPath(path) ?? (isWindows && Path.GetExtension(path).Length == 0 ? FindOnPath(path + ".exe") : null)
                    : ExistingFile(Path.Combine(projectDirectory, path));
                if (found != null)
                {
                    return new PwshCommand(found, Array.Empty<string>(), "PwshPath");
                }

                problem = $"PwshPath '{path}' was not found. Give the full path of pwsh{Exe}, or leave PwshPath empty to use a dotnet tool manifest or pwsh on PATH.";
                return null;
            }

            var manifest = FindToolManifest(projectDirectory);
            string? dotnet = null;
            if (manifest != null)
            {
                dotnet = ExistingFile(environment("DOTNET_HOST_PATH")) ?? FindOnPath("dotnet" + Exe);
                if (dotnet != null)
                {
                    var restored = RestoredPwsh(manifest);
                    return restored != null
                        ? new PwshCommand(dotnet, new[] { restored }, $"the tool manifest {manifest}, restored")
                        : new PwshCommand(dotnet, new[] { "pwsh" }, $"the tool manifest {manifest}");
                }
            }

            var onPath = FindOnPath("pwsh" + Exe);
            if (onPath != null)
            {
                return new PwshCommand(onPath, Array.Empty<string>(), "PATH");
            }

            var manifestNote = manifest != null ? $" (the tool manifest {manifest} lists PowerShell, but no dotnet executable was found to run it)" : string.Empty;
            problem = "PowerShell 7 (pwsh) was not found" + manifestNote + ". Either set PwshPath on the RunDag task to pwsh's full path; "
                + $"or add PowerShell to a dotnet tool manifest at or above {projectDirectory} (dotnet new tool-manifest; dotnet tool install powershell) and run dotnet tool restore; "
                + "or install PowerShell 7 and put pwsh on PATH.";
            return null;
        }

        /// <summary>The nearest tool manifest at or above <paramref name="directory"/> that lists the powershell tool, as the dotnet CLI searches.</summary>
        public static string? FindToolManifest(string directory)
        {
            for (var current = new DirectoryInfo(directory); current != null; current = current.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(current.FullName, ".config", "dotnet-tools.json"), Path.Combine(current.FullName, "dotnet-tools.json") })
                {
                    if (!File.Exists(candidate))
                    {
                        continue;
                    }

                    var manifest = ReadManifest(candidate);
                    if (manifest == null)
                    {
                        continue;
                    }

                    if (ListsPowerShell(manifest))
                    {
                        return candidate;
                    }

                    if (manifest.TryGetValue("isRoot", out var isRoot) && isRoot is true)
                    {
                        // The CLI stops at a root manifest; so do we.
                        return null;
                    }
                }
            }

            return null;
        }

        /// <summary>The restored tool's pwsh.dll for the version the manifest pins; null when it is not in the NuGet packages folder.</summary>
        internal string? RestoredPwsh(string manifestPath)
        {
            var manifest = ReadManifest(manifestPath);
            if (manifest == null || !(manifest.TryGetValue("tools", out var tools) && tools is Dictionary<string, object?> byId))
            {
                return null;
            }

            string? version = null;
            foreach (var tool in byId)
            {
                if (string.Equals(tool.Key, "powershell", StringComparison.OrdinalIgnoreCase) && tool.Value is Dictionary<string, object?> entry)
                {
                    version = entry.TryGetValue("version", out var v) ? v as string : null;
                }
            }

            var home = environment("HOME") ?? environment("USERPROFILE");
            var packages = environment("NUGET_PACKAGES") ?? (home == null ? null : Path.Combine(home, ".nuget", "packages"));
            if (version == null || packages == null || version.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || version.Contains(".."))
            {
                return null;
            }

            var toolsFolder = Path.Combine(packages, "powershell", version.ToLowerInvariant(), "tools");
            try
            {
                if (!Directory.Exists(toolsFolder))
                {
                    return null;
                }

                foreach (var framework in Directory.GetDirectories(toolsFolder))
                {
                    var dll = ExistingFile(Path.Combine(framework, "any", isWindows ? "win" : "unix", "pwsh.dll"));
                    if (dll != null)
                    {
                        return dll;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }

            return null;
        }

        private static Dictionary<string, object?>? ReadManifest(string path)
        {
            try
            {
                return JsonReader.ParseObject(File.ReadAllText(path));
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static bool ListsPowerShell(Dictionary<string, object?> manifest)
        {
            if (!(manifest.TryGetValue("tools", out var tools) && tools is Dictionary<string, object?> byId))
            {
                return false;
            }

            foreach (var tool in byId)
            {
                if (string.Equals(tool.Key, "powershell", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (tool.Value is Dictionary<string, object?> entry && entry.TryGetValue("commands", out var commands) && commands is List<object?> names
                    && names.Exists(n => n is string name && string.Equals(name, "pwsh", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        private string Exe => isWindows ? ".exe" : string.Empty;

        private static bool IsBareName(string path) => path.IndexOf('/') < 0 && path.IndexOf('\\') < 0;

        private static string? ExistingFile(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return null;
            }

            try
            {
                var full = Path.GetFullPath(path);
                return File.Exists(full) ? full : null;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                return null;
            }
        }

        private string? FindOnPath(string fileName)
        {
            var path = environment("PATH");
            if (string.IsNullOrEmpty(path))
            {
                return null;
            }

            foreach (var folder in path!.Split(Path.PathSeparator))
            {
                if (folder.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    var found = ExistingFile(Path.Combine(folder.Trim().Trim('"'), fileName));
                    if (found != null)
                    {
                        return found;
                    }
                }
                catch (ArgumentException)
                {
                    // A PATH entry with characters no path can hold: skip it, as a shell would.
                }
            }

            return null;
        }
    }
}
