using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>Reads one entry of <c>nodes:</c> into a <see cref="NodeDefinition"/>, with <c>defaults:</c> applied.</summary>
    internal sealed class NodeReader
    {
        private static readonly string[] WhenNames = { "success", "notFailed", "failure", "always" };

        private static readonly IReadOnlyDictionary<string, RawEntry> NoKeys = new Dictionary<string, RawEntry>();

        private readonly ReadContext context;
        private readonly NodeDefaults defaults;
        private readonly IReadOnlyDictionary<string, int>? pools;
        private readonly IReadOnlyDictionary<string, HostDefinition>? hosts;
        private readonly IReadOnlyDictionary<string, IReadOnlyList<string>>? groups;

        /// <summary>
        /// Reads nodes with these <paramref name="defaults"/>; <paramref name="pools"/>, <paramref name="hosts"/> and
        /// <paramref name="groups"/> are null when the workflow has no <c>pools:</c>, <c>hosts:</c> or <c>groups:</c>.
        /// </summary>
        public NodeReader(ReadContext context, NodeDefaults defaults, IReadOnlyDictionary<string, int>? pools, IReadOnlyDictionary<string, HostDefinition>? hosts = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? groups = null)
        {
            this.groups = groups;
            this.context = context;
            this.defaults = defaults;
            this.pools = pools;
            this.hosts = hosts;
        }

        public NodeDefinition Read(RawEntry node, int index)
        {
            var id = node.Name;
            if (!NodeIds.IsValid(id))
            {
                context.Error(DiagnosticIds.BadNodeId, node.Key.Location, NodeIds.Problem(id));
            }

            var keys = NoKeys;
            bool isEmpty = node.Value is RawScalar scalar && scalar.IsNull;
            if (node.Value is RawMapping mapping)
            {
                keys = MappingKeys.Collect(mapping, MappingKeys.Node, "in node '{0}'", id, context);
            }
            else if (!isEmpty)
            {
                SettingReader.WrongShape(node, "a mapping of node settings such as 'run:' and 'needs:'", context);
            }

            var run = Entry(keys, "run");
            var fileEntry = Entry(keys, "file");
            if ((run != null) == (fileEntry != null) && (isEmpty || node.Value is RawMapping))
            {
                var problem = run != null ? "has both 'run' and 'file'" : "has neither 'run' nor 'file'";
                context.Error(DiagnosticIds.RunOrFile, node.Key.Location, $"Node '{id}' {problem}. Give it exactly one: 'run:' with inline PowerShell, or 'file:' with a script path.");
            }

            // Each setting is read only when written (a workflow of many nodes writes few of them), without a
            // delegate a setting: this runs once a node.
            var file = fileEntry == null ? null : ReadFile(fileEntry);

            // 'on' is a host, a list of hosts (one instance on each), or { any: <group> } (one place, any host of the group).
            var onEntry = Entry(keys, "on");
            var onMapping = onEntry?.Value as RawMapping;
            var onAny = onMapping != null ? HostGroupsReader.ReadOnAny(onMapping, id, groups, context) : null;
            var on = onEntry == null || onMapping != null ? Array.Empty<string>() : HostsReader.ReadOn(onEntry, id, hosts, context) ?? Array.Empty<string>();
            var onLocation = onEntry?.Value.Location ?? default;
            var forEach = Entry(keys, "foreach") is { } forEachEntry ? ReadForEach(forEachEntry) : null;
            var transfer = Entry(keys, "transfer");
            return new NodeDefinition
            {
                Id = id,
                Index = index,
                Location = node.Key.Location,
                Description = Entry(keys, "description") is { } description ? SettingReader.Text(description, context) : null,
                Needs = (Entry(keys, "needs") is { } needs ? ReadNodeIds(needs) : null) ?? Array.Empty<NodeReference>(),
                Invalidates = (Entry(keys, "invalidates") is { } invalidates ? ReadNodeIds(invalidates) : null) ?? Array.Empty<NodeReference>(),
                Run = run == null ? null : SettingReader.Script(run, context),
                File = file,
                ResolvedFile = file == null ? null : Resolve(file, fileEntry!),
                FileLocation = fileEntry?.Value.Location ?? default,
                With = (Entry(keys, "with") is { } with ? ReadWith(with) : null) ?? NodeDefinition.EmptyMap,
                Condition = Entry(keys, "if") is { } condition ? SettingReader.Script(condition, context) : null,
                When = (Entry(keys, "when") is { } when ? ReadWhen(when) : null) ?? TriggerRule.Success,
                Retry = (Entry(keys, "retry") is { } retry ? RetryReader.Read(retry, context) : null) ?? defaults.Retry ?? RetrySpec.None,
                Timeout = (Entry(keys, "timeout") is { } timeout ? SettingReader.Duration(timeout, context, allowZero: false) : null) ?? defaults.Timeout,
                ContinueOnError = (Entry(keys, "continueOnError") is { } continueOnError ? SettingReader.Bool(continueOnError, context) : null) ?? defaults.ContinueOnError ?? false,
                Fallback = Entry(keys, "fallback") is { } fallback ? SettingReader.Script(fallback, context) : null,
                Priority = (Entry(keys, "priority") is { } priority ? SettingReader.Int(priority, context) : null) ?? 0,
                Pool = (Entry(keys, "pool") is { } pool ? PoolsReader.ReadReference(pool, pools, context) : null) ?? defaults.Pool,
                ForEach = HostsReader.ForEachHost(on, onLocation, id, forEach, context) ?? forEach,
                Parallelism = Entry(keys, "parallelism") is { } parallelism ? SettingReader.Int(parallelism, context, minimum: 1) : null,
                Inputs = (Entry(keys, "inputs") is { } inputs ? ReadGlobs(inputs) : null) ?? Array.Empty<string>(),
                Outputs = (Entry(keys, "outputs") is { } outputs ? ReadGlobs(outputs) : null) ?? Array.Empty<string>(),
                On = on,
                OnAny = onAny,
                Transfer = (transfer == null ? null : ReadTransfer(transfer, id, on.Count > 0 || onAny != null, keys)) ?? false,
                OnLocation = onLocation,
            };
        }

        /// <summary><c>transfer:</c>, which needs a host to copy to and <c>inputs:</c> or <c>outputs:</c> to copy.</summary>
        private bool? ReadTransfer(RawEntry entry, string id, bool remote, IReadOnlyDictionary<string, RawEntry> keys)
        {
            var transfer = SettingReader.Bool(entry, context);
            if (transfer == true && !remote)
            {
                context.Error(DiagnosticIds.BadTransfer, entry.Value.Location, $"Node '{id}' has 'transfer: true' but runs here: it copies files to and from the node's host. Add 'on:', or remove 'transfer'.");
            }
            else if (transfer == true && !keys.ContainsKey("inputs") && !keys.ContainsKey("outputs"))
            {
                context.Error(DiagnosticIds.BadTransfer, entry.Value.Location, $"Node '{id}' has 'transfer: true' but neither 'inputs:' nor 'outputs:': name the files to copy to the host and back.");
            }

            return transfer;
        }

        /// <summary>The entry of <paramref name="key"/>, or null when the node does not write it.</summary>
        private static RawEntry? Entry(IReadOnlyDictionary<string, RawEntry> keys, string key)
            => keys.TryGetValue(key, out var entry) ? entry : null;

        /// <summary><c>inputs:</c> / <c>outputs:</c>: one glob or a list of them.</summary>
        private IReadOnlyList<string>? ReadGlobs(RawEntry entry)
        {
            var items = entry.Value is RawSequence sequence ? sequence.Items : new[] { entry.Value };
            var globs = new List<string>();
            foreach (var item in items)
            {
                if (item is RawScalar scalar && !scalar.IsNull && !string.IsNullOrWhiteSpace(scalar.Text))
                {
                    globs.Add(scalar.Text.Trim());
                }
                else
                {
                    context.Error(DiagnosticIds.WrongType, item.Location, $"'{entry.Name}' takes file globs such as 'src/**/*.cs' (one, or a list); this entry is not one.");
                }
            }

            return globs;
        }

        /// <summary><c>needs:</c> / <c>invalidates:</c>: one node id, or a list of them.</summary>
        private IReadOnlyList<NodeReference>? ReadNodeIds(RawEntry entry)
        {
            switch (entry.Value)
            {
                case RawScalar scalar:
                    return scalar.IsNull ? null : new[] { new NodeReference(scalar.Text, scalar.Location) };
                case RawSequence sequence:
                    var needs = new List<NodeReference>();
                    foreach (var item in sequence.Items)
                    {
                        if (item is RawScalar id && !id.IsNull)
                        {
                            needs.Add(new NodeReference(id.Text, id.Location));
                        }
                        else
                        {
                            context.Error(DiagnosticIds.WrongType, item.Location, $"Each entry of '{entry.Name}' must be a node id, not {(item is RawScalar ? "empty" : item.ShapeName)}.");
                        }
                    }

                    return needs;
                default:
                    SettingReader.WrongShape(entry, "a node id or a list of node ids", context);
                    return null;
            }
        }

        private IReadOnlyDictionary<string, object?>? ReadWith(RawEntry entry)
        {
            var mapping = SettingReader.Mapping(entry, "a mapping of parameter names to values", context);
            return mapping == null ? null : ValueConverter.ToMap(mapping, "in 'with'", context);
        }

        private TriggerRule? ReadWhen(RawEntry entry)
        {
            var scalar = SettingReader.Scalar(entry, "one of success, notFailed, failure, always", context);
            if (scalar == null)
            {
                return null;
            }

            int rule = Array.FindIndex(WhenNames, name => string.Equals(name, scalar.Text, StringComparison.OrdinalIgnoreCase));
            if (rule < 0)
            {
                context.Error(DiagnosticIds.BadWhen, scalar.Location, $"'when' must be one of success, notFailed, failure, always, not '{scalar.Text}'.{NearestName.DidYouMean(scalar.Text, WhenNames)}");
                return null;
            }

            return (TriggerRule)rule;
        }

        private ForEachSpec? ReadForEach(RawEntry entry)
        {
            switch (entry.Value)
            {
                case RawSequence sequence:
                    var items = sequence.Items.Select(item => ValueConverter.ToValue(item, context)).ToArray();
                    return new ForEachSpec(items, null, entry.Value.Location);
                case RawScalar scalar when scalar.IsNull:
                    return null;
                case RawScalar _:
                    var expression = SettingReader.Script(entry, context);
                    return expression == null ? null : new ForEachSpec(null, expression, entry.Value.Location);
                case RawMapping mapping:
                    return ReadForEachMapping(entry, mapping);
                default:
                    SettingReader.WrongShape(entry, "a list of items, a PowerShell expression over $Needs, or a mapping { items, key }", context);
                    return null;
            }
        }

        /// <summary><c>foreach: { items: list or expression, key: expression over $Item }</c>; every problem of the mapping is reported.</summary>
        private ForEachSpec? ReadForEachMapping(RawEntry entry, RawMapping mapping)
        {
            var keys = MappingKeys.Collect(mapping, MappingKeys.ForEach, "in 'foreach'", context);
            var key = keys.TryGetValue("key", out var keyEntry) ? SettingReader.Script(keyEntry, context) : null;
            keys.TryGetValue("items", out var itemsEntry);
            if (itemsEntry == null || (itemsEntry.Value is RawScalar empty && empty.IsNull))
            {
                var at = itemsEntry?.Key.Location ?? entry.Key.Location;
                context.Error(DiagnosticIds.MissingKey, at, "'foreach' has no 'items'. Add them: a list ('items: [a, b]') or a PowerShell expression over $Needs ('items: $Needs.discover').");
                return null;
            }

            if (itemsEntry.Value is RawMapping)
            {
                SettingReader.WrongShape(itemsEntry, "a list of items, or a PowerShell expression over $Needs", context);
                return null;
            }

            var items = ReadForEach(itemsEntry);
            return items == null ? null : new ForEachSpec(items.Items, items.Expression, items.Location, key);
        }

        private string? ReadFile(RawEntry entry)
        {
            var file = SettingReader.Text(entry, context);
            if (string.IsNullOrWhiteSpace(file) && entry.Value is RawScalar)
            {
                context.Error(DiagnosticIds.WrongType, entry.Key.Location, "'file' is empty. Write the path of the script to run, relative to the workflow file.");
                return null;
            }

            return file;
        }

        private string? Resolve(string file, RawEntry entry)
        {
            try
            {
                return Path.GetFullPath(Path.Combine(context.BaseDirectory, file));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                context.Error(DiagnosticIds.ScriptFileNotFound, entry.Value.Location, $"'{file}' is not a valid path ({e.Message}). Write the script's path relative to the workflow file.");
                return null;
            }
        }
    }
}
