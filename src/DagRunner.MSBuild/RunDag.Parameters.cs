using System;
using Microsoft.Build.Framework;

namespace DagRunner.MSBuild
{
    /// <summary>What a project sets on <c>&lt;RunDag&gt;</c>, and what the task gives back (docs/msbuild.md).</summary>
    public sealed partial class RunDag
    {
        /// <summary>The workflow file, relative to the project. Required.</summary>
        [Required]
        public string Path { get; set; } = string.Empty;

        /// <summary>How many nodes may run at once: a positive number, or Low, Medium, High, Unlimited.</summary>
        public string? Parallelism { get; set; }

        /// <summary>Sequential, Parallel or Adaptive.</summary>
        public string? Mode { get; set; }

        /// <summary>Run only these nodes and everything they need (<c>Nodes="pack;test"</c>).</summary>
        public string[]? Nodes { get; set; }

        /// <summary>Workflow variables to override, <c>Name=Value;Name2=Value2</c>. Values are passed as literal text.</summary>
        public string[]? Parameters { get; set; }

        /// <summary>Continue the last run from its checkpoint (succeeded nodes are not run again); with no checkpoint yet, start a new run.</summary>
        public bool Resume { get; set; }

        /// <summary>The checkpoint file, relative to the project; default <c>.dagrunner/&lt;name&gt;.checkpoint.json</c> beside the workflow.</summary>
        public string? CheckpointPath { get; set; }

        /// <summary>
        /// How long to wait when another run of the same workflow state holds its lock (another build, a console run):
        /// <c>30s</c>, <c>10m</c>, <c>hh:mm:ss</c>. Default: fail at once with RunLocked, naming the holder.
        /// </summary>
        public string? LockTimeout { get; set; }

        /// <summary>After the first node failure, start no new nodes.</summary>
        public bool FailFast { get; set; }

        /// <summary>The pwsh executable to use. Default: <c>dotnet pwsh</c> when a tool manifest lists PowerShell, else pwsh on PATH.</summary>
        public string? PwshPath { get; set; }

        /// <summary>The DagRunner module (its .psd1, or the folder holding it). Default: the module inside this package.</summary>
        public string? ModulePath { get; set; }

        /// <summary>The runner script. Default: <c>tools/RunDag.ps1</c> inside this package.</summary>
        public string? ScriptPath { get; set; }

        /// <summary>
        /// true or false: hand the run to a warm pwsh left by the previous build of the same kind, and leave one for the
        /// next (docs/msbuild.md, "Warm pwsh"). Default: on, except on Windows, on CI and with MSBUILDDISABLENODEREUSE=1;
        /// DAGRUNNER_WARM_PWSH=0 or 1 sets the default.
        /// </summary>
        public string? WarmPwsh { get; set; }

        /// <summary>
        /// One item per node that finished (restored ones too): ItemSpec = node name; metadata Status, Reason, Attempts,
        /// DurationMs, Error, OutputText, and each property of a single output object (docs/msbuild.md).
        /// </summary>
        [Output]
        public ITaskItem[] NodeResults { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>The run id (empty when no run started).</summary>
        [Output]
        public string RunId { get; private set; } = string.Empty;

        /// <summary>Succeeded, Failed or Cancelled.</summary>
        [Output]
        public string Status { get; private set; } = string.Empty;
    }
}
