using System.Collections.Generic;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>Reads the top-level <c>pools: { name: capacity }</c> and checks each <c>pool:</c> that names one.</summary>
    internal static class PoolsReader
    {
        public static IReadOnlyDictionary<string, int> Read(RawEntry entry, ReadContext context)
        {
            var pools = new Dictionary<string, int>();
            var mapping = SettingReader.Mapping(entry, "a mapping of pool names to capacities, e.g. { gpu: 2 }", context);
            if (mapping == null)
            {
                return pools;
            }

            foreach (var pool in MappingKeys.UniqueNames(mapping, "in 'pools'", "Keep one of them.", context))
            {
                var capacity = SettingReader.Int(pool, context, minimum: 1);
                if (capacity != null)
                {
                    pools.Add(pool.Name, capacity.Value);
                }
            }

            return pools;
        }

        /// <summary>The pool named by <paramref name="entry"/> (a node's or the defaults' <c>pool:</c>), reported when not in <paramref name="pools"/>.</summary>
        public static string? ReadReference(RawEntry entry, IReadOnlyDictionary<string, int>? pools, ReadContext context)
        {
            var scalar = SettingReader.Scalar(entry, "the name of a pool", context);
            if (scalar == null)
            {
                return null;
            }

            var name = scalar.Text;
            if (pools == null)
            {
                context.Error(DiagnosticIds.UnknownPool, scalar.Location, $"Pool '{name}' is used, but the workflow has no top-level 'pools:'. Add 'pools: {{ {name}: 2 }}' with the capacity you want, or remove 'pool'.");
            }
            else if (!pools.ContainsKey(name))
            {
                context.Error(DiagnosticIds.UnknownPool, scalar.Location, $"Pool '{name}' is not defined in 'pools'.{NearestName.Suggestion(name, new List<string>(pools.Keys), "pools")}");
            }

            return name;
        }
    }
}
