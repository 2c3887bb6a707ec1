using System;

namespace DagRunner.Engine.Utils
{
    /// <summary>
    /// The id of a foreach instance, <c>node[key]</c>: the one place that writes it and takes it apart. A key may hold
    /// brackets itself (<c>copy[a[1]]</c>): the node is what comes before the first '[', the key what lies between it
    /// and the closing ']' at the end.
    /// </summary>
    internal static class InstanceId
    {
        public static string Of(string node, string key) => node + "[" + key + "]";

        /// <summary>True for <c>node[key]</c> (a non-empty node, a closing ']' at the end), with its parts.</summary>
        public static bool TrySplit(string id, out string node, out string key)
        {
            int bracket = id.IndexOf('[');
            if (bracket > 0 && id.EndsWith("]", StringComparison.Ordinal))
            {
                node = id.Substring(0, bracket);
                key = id.Substring(bracket + 1, id.Length - bracket - 2);
                return true;
            }

            node = id;
            key = string.Empty;
            return false;
        }

        /// <summary>The foreach node of an instance id; any other id itself.</summary>
        public static string GroupOf(string id) => TrySplit(id, out var node, out _) ? node : id;

        public static bool IsInstance(string id) => TrySplit(id, out _, out _);
    }
}
