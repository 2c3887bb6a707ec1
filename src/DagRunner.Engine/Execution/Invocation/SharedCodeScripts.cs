using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// The PowerShell that prepares a runspace or a remote session for a workflow's nodes: one <c>Import-Module</c>
    /// per <c>modules:</c> entry, into the global scope, then the <c>setup:</c> script dot-sourced at the global scope so
    /// its functions, variables and aliases are every node's. The two run as separate pipelines, so a setup error's
    /// line is the setup's own.
    /// </summary>
    internal static class SharedCodeScripts
    {
        /// <summary>Imports each module, stopping at the first that cannot be imported; empty when there are none.</summary>
        public static string Imports(SharedCode shared, bool remote)
        {
            var lines = new List<string>();
            foreach (var module in shared.Modules)
            {
                if (module.Path != null && remote)
                {
                    if (!module.Path.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase) && !module.Path.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new NotSupportedException($"The module '{module.Name}' is a path on this machine; a node on a host can use a module file only as a single .psm1 (its text is sent), or a module installed on the host by name.");
                    }

                    // The file is on this machine: its text travels, and the module is made from it on the host.
                    var text = File.ReadAllText(module.Path);
                    var name = Path.GetFileNameWithoutExtension(module.Path);
                    lines.Add($"New-Module -Name {Quote(name)} -ScriptBlock ([scriptblock]::Create({Quote(text)})) | Import-Module -Global -ErrorAction Stop");
                    continue;
                }

                lines.Add($"Import-Module -Name {Quote(module.Path ?? module.Name)}{VersionParameters(module.Version)} -Global -ErrorAction Stop");
            }

            return string.Join("\n", lines);
        }

        /// <summary>The error for a module that could not be imported: its name, where it is written, and where it was looked for.</summary>
        public static string ModuleFailure(SharedCode shared, ErrorRecord error, string? host)
        {
            var target = error.TargetObject?.ToString() ?? string.Empty;
            var module = shared.Modules.FirstOrDefault(m => target.Length > 0 && (string.Equals(m.Name, target, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Path, target, StringComparison.OrdinalIgnoreCase)))
                ?? shared.Modules.FirstOrDefault(m => error.ToString().IndexOf(m.Path ?? m.Name, StringComparison.OrdinalIgnoreCase) >= 0);
            var where = host == null ? "this machine" : $"host '{host}'";
            if (module == null)
            {
                return $"A module of 'modules:' could not be imported on {where}: {error}";
            }

            var looked = module.Path != null ? $"the file {module.Path}" : $"$env:PSModulePath on {where}{(host == null ? $" ({Environment.GetEnvironmentVariable("PSModulePath")})" : string.Empty)}";
            var version = module.Version == null ? string.Empty : $" version {module.Version}";
            return $"{At(module.Location)}The module '{module.Name}'{version} of 'modules:' could not be imported; looked in {looked}: {error}";
        }

        /// <summary>The error for a setup that failed: at the setup's line (mapped into the YAML for an inline setup).</summary>
        public static string SetupFailure(SharedCode shared, ErrorRecord error, string? host)
        {
            var line = error.InvocationInfo?.ScriptLineNumber ?? 0;
            var column = error.InvocationInfo?.OffsetInLine ?? 0;
            var location = shared.Setup != null && line > 0 ? shared.Setup.Map(line, column)
                : shared.ResolvedSetupFile != null && line > 0 ? new SourceLocation(shared.ResolvedSetupFile, line, column)
                : shared.SetupLocation;
            var where = host == null ? string.Empty : $" on host '{host}'";
            return $"{At(location)}The workflow's setup failed{where}: {error}";
        }

        /// <summary>
        /// Local: keeps the global variables setup defined (those not in <c>$Before</c>) in a module, whose state a reset
        /// does not clear, with a function that sets them again; <see cref="RestoreVariables"/> calls it.
        /// </summary>
        public const string KeepVariables = @"
param($Before)
$keep = @{}
Get-Variable -Scope Global | Where-Object { $Before -notcontains $_.Name } | ForEach-Object { $keep[$_.Name] = $_.Value }
New-Module -Name DagRunnerSetupVariables -ArgumentList $keep -ScriptBlock {
    param($Keep)
    function Restore-DagRunnerSetupVariables { foreach ($entry in $Keep.GetEnumerator()) { Set-Variable -Scope Global -Name $entry.Key -Value $entry.Value } }
} | Import-Module -Global
";

        /// <summary>The names of the session's global variables, before setup runs.</summary>
        public const string VariableNames = "@(Get-Variable -Scope Global | ForEach-Object Name)";

        /// <summary>Sets setup's variables again after a reset (a no-op in a session without setup).</summary>
        public const string RestoreVariables = "if (Get-Command Restore-DagRunnerSetupVariables -ErrorAction Ignore) { Restore-DagRunnerSetupVariables }";

        /// <summary>A node's failed execution for modules or a setup that failed; Ctrl+C stays a cancellation.</summary>
        public static NodeExecution Failure(NodeInvocation.Completion completion, Func<ErrorRecord, string> describe, string errorId, int worker = 0)
        {
            if (completion.Outcome == NodeOutcome.Cancelled)
            {
                return NodeExecution.Cancelled(worker);
            }

            var record = completion.Error as ErrorRecord ?? new ErrorRecord(new InvalidOperationException(completion.Error?.ToString() ?? "unknown error"), errorId, ErrorCategory.InvalidOperation, null);
            var error = new ErrorRecord(new SharedCodeException(describe(record), errorId, record.Exception), errorId, ErrorCategory.InvalidOperation, record.TargetObject);
            return NodeExecution.Failed(error, worker);
        }

        /// <summary>The setup script as text: inline, or the file's content (which travels to a host as text).</summary>
        public static string? SetupText(SharedCode shared)
            => shared.Setup?.Text ?? (shared.ResolvedSetupFile != null ? File.ReadAllText(shared.ResolvedSetupFile) : null);

        private static string At(SourceLocation location)
            => location.Line > 0 ? $"{location.File}({location.Line},{location.Column}): " : string.Empty;

        private static string VersionParameters(string? version)
        {
            if (version == null)
            {
                return string.Empty;
            }

            if (!version.EndsWith("*", StringComparison.Ordinal))
            {
                return " -RequiredVersion " + Quote(version);
            }

            // 2.* : at least 2.0, at most the newest 2.x.
            var prefix = version.TrimEnd('*').TrimEnd('.');
            var minimum = prefix.Length == 0 ? "0.0" : prefix.Contains('.') ? prefix : prefix + ".0";
            return $" -MinimumVersion {Quote(minimum)} -MaximumVersion {Quote(version)}";
        }

        private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
