using System;
using System.Collections.Generic;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// A workflow as loaded from a YAML/JSON file or an inline hashtable. Nodes keep file order.
    /// May be incomplete when loading reported errors; only a validated definition is ever run.
    /// </summary>
    public sealed class WorkflowDefinition
    {
        /// <summary>The <c>name:</c>, else the file name without <c>.yaml</c>/<c>.yml</c>/<c>.json</c> (and a trailing <c>.dag</c>).</summary>
        public string Name { get; init; } = string.Empty;

        public string? Description { get; init; }

        /// <summary>Full path of the workflow file, or <see cref="SourceLocation.InlineDefinitionOrigin"/>.</summary>
        public string SourcePath { get; init; } = string.Empty;

        /// <summary>The folder relative <c>file:</c> paths resolve against and nodes start in.</summary>
        public string BaseDirectory { get; init; } = string.Empty;

        /// <summary>Deadline for the whole run; null for none.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>The file's <c>parallelism:</c>, null when not written (callers default to Unlimited).</summary>
        public ParallelismSetting? Parallelism { get; init; }

        /// <summary>The file's <c>mode:</c>, null when not written (callers default to Parallel).</summary>
        public ExecutionMode? Mode { get; init; }

        /// <summary>The <c>variables:</c>, in file order; each becomes a PowerShell variable in every node.</summary>
        public IReadOnlyDictionary<string, object?> Variables { get; init; } = NodeDefinition.EmptyMap;

        /// <summary>The <c>secrets:</c>, in file order: variables whose values are looked up when a run starts and masked in all it writes.</summary>
        public IReadOnlyList<SecretDefinition> Secrets { get; init; } = Array.Empty<SecretDefinition>();

        /// <summary>Capacity of each named pool (<c>pools:</c>).</summary>
        public IReadOnlyDictionary<string, int> Pools { get; init; } = new Dictionary<string, int>();

        /// <summary>The machines nodes run on with <c>on:</c> (<c>hosts:</c>), by name (case-insensitive).</summary>
        public IReadOnlyDictionary<string, HostDefinition> Hosts { get; init; } = new Dictionary<string, HostDefinition>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Named groups of <see cref="Hosts"/> (<c>groups:</c>), by name (case-insensitive): a node with
        /// <c>on: { any: &lt;group&gt; }</c> runs on whichever of them has a free session. Each list is in file order
        /// and names <see cref="Hosts"/> entries by their own spelling.
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> HostGroups { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

        /// <summary><c>checkpoint: { fsync: true }</c>: flush checkpoint writes to the disk, not only to the OS.</summary>
        public bool CheckpointFsync { get; init; }

        /// <summary>The <c>modules:</c> and <c>setup:</c> every runspace prepares once, before its first node.</summary>
        public SharedCode Shared { get; init; } = SharedCode.None;

        public IReadOnlyList<NodeDefinition> Nodes { get; init; } = Array.Empty<NodeDefinition>();

        /// <summary>Where <c>nodes:</c> is written (for errors about the graph as a whole).</summary>
        public SourceLocation NodesLocation { get; init; }

        public override string ToString() => Name;
    }
}
