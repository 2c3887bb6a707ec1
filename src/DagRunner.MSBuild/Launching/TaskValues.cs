using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>
    /// Checks the values a project gives <c>&lt;RunDag&gt;</c> before pwsh starts, so a typo fails the build at the
    /// element (DAGMSB003) instead of as a PowerShell parameter error, and finds the package's runner script and module.
    /// </summary>
    internal static class TaskValues
    {
        private static readonly Regex ParallelismValue = new Regex("^([1-9][0-9]{0,8}|low|medium|high|unlimited)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly string[] Modes = { "Sequential", "Parallel", "Adaptive" };

        /// <summary>What is wrong with Path, Parallelism, Mode or Nodes, said so the user can fix it; null when nothing is.</summary>
        public static string? ProblemWith(string? path, string? parallelism, string? mode, IEnumerable<string>? nodes)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return "Path is required: the workflow file, for example Path=\"build.dag.yaml\".";
            }

            if (!string.IsNullOrEmpty(parallelism) && !ParallelismValue.IsMatch(parallelism!.Trim()))
            {
                return $"Parallelism '{parallelism}' is not valid: use a positive number, or Low, Medium, High, Unlimited.";
            }

            if (!string.IsNullOrEmpty(mode) && !Modes.Contains(mode!.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return $"Mode '{mode}' is not valid: use Sequential, Parallel or Adaptive.";
            }

            var badNode = nodes?.FirstOrDefault(n => n.Trim().Length == 0 || n.IndexOf(',') >= 0 || n.Trim().StartsWith("-", StringComparison.Ordinal));
            return badNode == null ? null : $"Nodes holds '{badNode}', which is not a node id. Separate node ids with ';': Nodes=\"test;pack\".";
        }

        /// <summary>The package's <c>tools/</c> folder: <c>tasks/netstandard2.0/../../tools</c> from the task's assembly.</summary>
        public static string PackageTools()
        {
            var taskFolder = Path.GetDirectoryName(typeof(TaskValues).Assembly.Location) ?? ".";
            return Path.GetFullPath(Path.Combine(taskFolder, "..", "..", "tools"));
        }

        /// <summary>
        /// The runner script and the module manifest: the task's ScriptPath and ModulePath (a module folder means its
        /// DagRunner.psd1) made full by <paramref name="fullPath"/>, else the package's <c>tools/</c> beside the task.
        /// </summary>
        public static (string Script, string Module) PackageFiles(string? scriptPath, string? modulePath, Func<string, string> fullPath)
        {
            var packageTools = PackageTools();
            var script = string.IsNullOrEmpty(scriptPath) ? Path.Combine(packageTools, "RunDag.ps1") : fullPath(scriptPath!);
            var module = string.IsNullOrEmpty(modulePath) ? Path.Combine(packageTools, "DagRunner", "DagRunner.psd1") : fullPath(modulePath!);
            return (script, Directory.Exists(module) ? Path.Combine(module, "DagRunner.psd1") : module);
        }
    }
}
