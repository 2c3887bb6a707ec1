using System;
using System.Collections.Generic;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Loading
{
    /// <summary>The top-level <c>defaults:</c>: settings every node gets unless it writes its own.</summary>
    internal sealed class NodeDefaults
    {
        public static readonly NodeDefaults None = new NodeDefaults();

        public RetrySpec? Retry { get; private set; }

        public TimeSpan? Timeout { get; private set; }

        public bool? ContinueOnError { get; private set; }

        public string? Pool { get; private set; }

        public static NodeDefaults Read(RawEntry entry, IReadOnlyDictionary<string, int>? pools, ReadContext context)
        {
            var mapping = SettingReader.Mapping(entry, "a mapping of node settings (retry, timeout, continueOnError, pool)", context);
            if (mapping == null)
            {
                return None;
            }

            var defaults = new NodeDefaults();
            var keys = MappingKeys.Collect(mapping, MappingKeys.Defaults, "in 'defaults'", context);
            if (keys.TryGetValue("retry", out var retry))
            {
                defaults.Retry = RetryReader.Read(retry, context);
            }

            if (keys.TryGetValue("timeout", out var timeout))
            {
                defaults.Timeout = SettingReader.Duration(timeout, context, allowZero: false);
            }

            if (keys.TryGetValue("continueOnError", out var continueOnError))
            {
                defaults.ContinueOnError = SettingReader.Bool(continueOnError, context);
            }

            if (keys.TryGetValue("pool", out var pool))
            {
                defaults.Pool = PoolsReader.ReadReference(pool, pools, context);
            }

            return defaults;
        }
    }
}
