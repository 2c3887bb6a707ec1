using System;
using System.Collections.Generic;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// One node of a workflow as written, with <c>defaults:</c> already applied, so every setting here is the
    /// one that runs. Built only by the loaders; validation runs before anything uses it.
    /// </summary>
    public sealed record NodeDefinition
    {
        /// <summary>The id: the node's key under <c>nodes:</c>.</summary>
        public string Id { get; init; } = string.Empty;

        /// <summary>Position in file order (0-based); breaks ties between otherwise equal ready nodes.</summary>
        public int Index { get; init; }

        /// <summary>Where the node's id is written.</summary>
        public SourceLocation Location { get; init; }

        public string? Description { get; init; }

        public IReadOnlyList<NodeReference> Needs { get; init; } = Array.Empty<NodeReference>();

        /// <summary>Inline script (<c>run:</c>); null when the node runs a <see cref="File"/>.</summary>
        public ScriptSource? Run { get; init; }

        /// <summary>The <c>file:</c> as written (relative to the workflow file's folder); null for <see cref="Run"/>.</summary>
        public string? File { get; init; }

        /// <summary>Full path of <see cref="File"/>.</summary>
        public string? ResolvedFile { get; init; }

        /// <summary>Where <c>file:</c>'s value is written.</summary>
        public SourceLocation FileLocation { get; init; }

        /// <summary>Parameters bound to the script's <c>param()</c> block (<c>with:</c>), in file order.</summary>
        public IReadOnlyDictionary<string, object?> With { get; init; } = EmptyMap;

        /// <summary>The <c>if:</c> expression; evaluated after <see cref="When"/> passes, false makes the node Skipped.</summary>
        public ScriptSource? Condition { get; init; }

        public TriggerRule When { get; init; } = TriggerRule.Success;

        public RetrySpec Retry { get; init; } = RetrySpec.None;

        /// <summary>Per-attempt timeout; null for none.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>A failure of this node does not fail the run, and its dependents run as if it had succeeded.</summary>
        public bool ContinueOnError { get; init; }

        /// <summary>Script run after the last failed attempt; success makes the node Succeeded (Degraded).</summary>
        public ScriptSource? Fallback { get; init; }

        /// <summary>Higher starts first among ready nodes, before the longest-remaining-path rule. <value>The default value is 0.</value></summary>
        public int Priority { get; init; }

        /// <summary>Name of a top-level <c>pools:</c> entry that caps how many nodes of the pool run at once.</summary>
        public string? Pool { get; init; }

        public ForEachSpec? ForEach { get; init; }

        /// <summary>For a <c>foreach</c> node: how many of its instances may run at once. <value>The default value is null: no cap of its own.</value></summary>
        public int? Parallelism { get; init; }

        /// <summary>
        /// <c>inputs:</c> globs (relative to the workflow file's folder; <c>**</c>, <c>*</c>, <c>!</c> to exclude). With
        /// <see cref="Outputs"/>, makes the node incremental: it is UpToDate, and not run, while nothing it depends on changed.
        /// </summary>
        public IReadOnlyList<string> Inputs { get; init; } = Array.Empty<string>();

        /// <summary><c>outputs:</c> globs; an incremental node runs again when one of them matches no file.</summary>
        public IReadOnlyList<string> Outputs { get; init; } = Array.Empty<string>();

        /// <summary>True when the node declares <c>inputs:</c> or <c>outputs:</c>.</summary>
        public bool IsIncremental => Inputs.Count > 0 || Outputs.Count > 0;

        /// <summary>
        /// <c>invalidates:</c>: nodes whose earlier successes this node undoes (a rollback, a reset). When it starts, the
        /// checkpoint voids the recorded successes of these nodes (every instance of a foreach node), so a resume runs
        /// them again; their incremental state is forgotten too. Not part of the definition hash: it changes what a
        /// resume does, not what the node does.
        /// </summary>
        public IReadOnlyList<NodeReference> Invalidates { get; init; } = Array.Empty<NodeReference>();

        /// <summary>The workflow's <c>modules:</c> and <c>setup:</c>, which every node's definition hash includes.</summary>
        internal SharedCode Shared { get; init; } = SharedCode.None;

        /// <summary>For one instance of a <c>foreach</c> node: the id of that node (the instance's own id is <c>node[key]</c>).</summary>
        public string? InstanceOf { get; init; }

        /// <summary>For one instance of a <c>foreach</c> node: its item, which the script sees as <c>$Item</c>.</summary>
        public object? Item { get; init; }

        /// <summary>For one instance of a <c>foreach</c> node: the key in its id, <c>node[key]</c>.</summary>
        public string? ItemKey { get; init; }

        /// <summary>
        /// The <c>on:</c>: names of top-level <c>hosts:</c> entries the node runs on, in file order; empty to run
        /// locally. A node with several hosts is a <c>foreach</c> over them (its <see cref="ForEach"/> lists them):
        /// it runs as one instance per host, <c>node[host]</c>, each with that one host here.
        /// </summary>
        public IReadOnlyList<string> On { get; init; } = Array.Empty<string>();

        /// <summary>The one host this node runs on; null when it runs locally (or has several hosts, until expanded).</summary>
        public string? Host => On.Count == 1 ? On[0] : null;

        /// <summary>
        /// The group of <c>on: { any: &lt;group&gt; }</c>: the node (each instance of a <c>foreach</c>) runs on whichever
        /// host of that <c>groups:</c> entry has a free session, and moves to another one when its host cannot be
        /// reached. Null when the node runs locally or on named hosts (<see cref="On"/>).
        /// </summary>
        public string? OnAny { get; init; }

        /// <summary>
        /// <c>transfer: true</c> on a node on a host: its <c>inputs:</c> are copied from this machine to a folder of the
        /// attempt on the host, the node runs in that folder, and after a success its <c>outputs:</c> are copied back
        /// to the same paths here. <value>The default value is false: the paths are the host's own.</value>
        /// </summary>
        public bool Transfer { get; init; }

        /// <summary>The node runs on a host (<see cref="On"/> or <see cref="OnAny"/>), not in this process.</summary>
        public bool IsRemote => On.Count > 0 || OnAny != null;

        /// <summary>Where <c>on:</c>'s value is written.</summary>
        public SourceLocation OnLocation { get; init; }

        internal static readonly IReadOnlyDictionary<string, object?> EmptyMap = new Dictionary<string, object?>();

        public override string ToString() => Id;

        /// <summary>
        /// Identity, not content: the planner and the executor key dictionaries by node, and two nodes written alike
        /// are still two nodes. (A record only for <c>with</c>, which makes foreach instances.)
        /// </summary>
        public bool Equals(NodeDefinition? other) => ReferenceEquals(this, other);

        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
    }
}
