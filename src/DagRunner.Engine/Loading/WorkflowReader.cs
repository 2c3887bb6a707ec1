using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Turns the raw tree of a workflow into a <see cref="WorkflowDefinition"/>, reporting every problem it meets
    /// and going on, so one load lists them all. The definition may be partial when problems were reported.
    /// </summary>
    internal static class WorkflowReader
    {
        private static readonly string[] ModeNames = { "sequential", "parallel", "adaptive" };

        /// <summary>The definition, or null when the root is not a mapping (reported).</summary>
        public static WorkflowDefinition? Read(RawNode root, string defaultName, ReadContext context)
        {
            if (!(root is RawMapping mapping))
            {
                context.Error(DiagnosticIds.WrongType, root.Location, $"A workflow must be a mapping with keys such as 'name:' and 'nodes:', not {root.ShapeName}.");
                return null;
            }

            var keys = MappingKeys.Collect(mapping, MappingKeys.TopLevel, "at the top level", context);
            var pools = keys.TryGetValue("pools", out var poolsEntry) ? PoolsReader.Read(poolsEntry, context) : null;
            var hosts = keys.TryGetValue("hosts", out var hostsEntry) ? HostsReader.Read(hostsEntry, context) : null;
            var groups = keys.TryGetValue("groups", out var groupsEntry) ? HostGroupsReader.Read(groupsEntry, hosts, context) : null;
            var defaults = keys.TryGetValue("defaults", out var defaultsEntry) ? NodeDefaults.Read(defaultsEntry, pools, context) : NodeDefaults.None;
            var nodesEntry = keys.TryGetValue("nodes", out var entry) ? entry : null;
            var timeout = keys.TryGetValue("timeout", out var timeoutEntry) ? SettingReader.Duration(timeoutEntry, context, allowZero: false) : null;
            var variables = keys.TryGetValue("variables", out var variablesEntry) ? ReadVariables(variablesEntry, context) : NodeDefinition.EmptyMap;

            var shared = SharedCodeReader.Read(keys.TryGetValue("modules", out var modules) ? modules : null, keys.TryGetValue("setup", out var setup) ? setup : null, context);
            var nodes = ReadNodes(nodesEntry, mapping, new NodeReader(context, defaults, pools, hosts, groups), context);
            return new WorkflowDefinition
            {
                Name = ReadName(keys, defaultName, context),
                Description = keys.TryGetValue("description", out var description) ? SettingReader.Text(description, context) : null,
                SourcePath = context.SourcePath,
                BaseDirectory = context.BaseDirectory,
                Timeout = timeout,
                Parallelism = keys.TryGetValue("parallelism", out var parallelism) ? ReadParallelism(parallelism, context) : null,
                Mode = keys.TryGetValue("mode", out var mode) ? ReadMode(mode, context) : null,
                Variables = variables,
                Secrets = keys.TryGetValue("secrets", out var secrets) ? SecretsReader.Read(secrets, variables, context) : Array.Empty<SecretDefinition>(),
                Pools = pools ?? new Dictionary<string, int>(),
                Hosts = hosts ?? new Dictionary<string, HostDefinition>(StringComparer.OrdinalIgnoreCase),
                HostGroups = groups ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase),
                CheckpointFsync = keys.TryGetValue("checkpoint", out var checkpoint) && ReadFsync(checkpoint, context),
                Shared = shared,
                Nodes = shared.IsEmpty ? nodes : nodes.Select(n => n with { Shared = shared }).ToArray(),
                NodesLocation = nodesEntry?.Key.Location ?? mapping.Location,
            };
        }

        private static IReadOnlyList<NodeDefinition> ReadNodes(RawEntry? entry, RawMapping root, NodeReader reader, ReadContext context)
        {
            if (entry == null)
            {
                context.Error(DiagnosticIds.MissingKey, root.Location, "The workflow has no 'nodes:'. Add it with at least one node, for example 'nodes: { hello: { run: \"'hello'\" } }'.");
                return Array.Empty<NodeDefinition>();
            }

            var nodes = SettingReader.Mapping(entry, "a mapping of node ids to nodes (build: { run: ... })", context);
            if (nodes == null || nodes.Entries.Count == 0)
            {
                if (nodes != null || (entry.Value is RawScalar scalar && scalar.IsNull))
                {
                    context.Error(DiagnosticIds.NoNodes, entry.Key.Location, "'nodes' is empty. Add at least one node with 'run:' or 'file:'.");
                }

                return Array.Empty<NodeDefinition>();
            }

            return MappingKeys.UniqueNames(nodes, "in 'nodes'", "Each node needs an id of its own: rename or remove one.", context)
                .Select((node, index) => reader.Read(node, index))
                .ToArray();
        }

        private static string ReadName(IReadOnlyDictionary<string, RawEntry> keys, string defaultName, ReadContext context)
        {
            var scalar = keys.TryGetValue("name", out var entry) ? SettingReader.Scalar(entry, "text", context) : null;
            if (scalar == null || scalar.Text.Trim().Length == 0)
            {
                return defaultName;
            }

            if (!WorkflowName.IsUsableInFileName(scalar.Text))
            {
                context.Error(DiagnosticIds.BadValue, scalar.Location, $"'name' may not contain / \\ : * ? \" < > | or control characters: the checkpoint file is named after it. Rename '{scalar.Text}'.");
            }

            return scalar.Text;
        }

        private static ParallelismSetting? ReadParallelism(RawEntry entry, ReadContext context)
        {
            var scalar = SettingReader.Scalar(entry, "a number or low, medium, high, unlimited", context);
            if (scalar == null)
            {
                return null;
            }

            if (ParallelismSetting.TryParse(scalar.Text, out var setting))
            {
                return setting;
            }

            context.Error(DiagnosticIds.BadParallelism, scalar.Location, $"'parallelism' must be a whole number of at least 1 or one of low, medium, high, unlimited, not '{scalar.Text}'.{NearestName.DidYouMean(scalar.Text, ParallelismSetting.Names.Select(n => n.ToLowerInvariant()))}");
            return null;
        }

        private static ExecutionMode? ReadMode(RawEntry entry, ReadContext context)
        {
            var scalar = SettingReader.Scalar(entry, "sequential, parallel or adaptive", context);
            if (scalar == null)
            {
                return null;
            }

            int mode = Array.FindIndex(ModeNames, name => string.Equals(name, scalar.Text, StringComparison.OrdinalIgnoreCase));
            if (mode < 0)
            {
                context.Error(DiagnosticIds.BadMode, scalar.Location, $"'mode' must be sequential, parallel or adaptive, not '{scalar.Text}'.{NearestName.DidYouMean(scalar.Text, ModeNames)}");
                return null;
            }

            return (ExecutionMode)mode;
        }

        private static IReadOnlyDictionary<string, object?> ReadVariables(RawEntry entry, ReadContext context)
        {
            var mapping = SettingReader.Mapping(entry, "a mapping of variable names to values", context);
            return mapping == null ? NodeDefinition.EmptyMap : ValueConverter.ToMap(mapping, "in 'variables'", context);
        }

        private static bool ReadFsync(RawEntry entry, ReadContext context)
        {
            var mapping = SettingReader.Mapping(entry, "a mapping such as { fsync: true }", context);
            if (mapping == null)
            {
                return false;
            }

            var keys = MappingKeys.Collect(mapping, MappingKeys.Checkpoint, "in 'checkpoint'", context);
            return keys.TryGetValue("fsync", out var fsync) && SettingReader.Bool(fsync, context) == true;
        }
    }
}
