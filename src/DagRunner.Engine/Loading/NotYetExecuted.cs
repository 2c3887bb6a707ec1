using System;
using System.Collections.Generic;
using DagRunner.Validation;

namespace DagRunner.Loading
{
    /// <summary>
    /// Keys this version reads and checks but does not act on yet. A file using them still runs, with a warning
    /// that says what happens instead. Remove a key from <see cref="Consequences"/> when its feature lands.
    /// </summary>
    internal static class NotYetExecuted
    {
        /// <summary>Key (as written in the file) → what happens instead of what it asks for.</summary>
        private static readonly Dictionary<string, string> Consequences = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["foreach"] = "the node runs once, without $Item",
        };

        /// <summary>Warns at <paramref name="entry"/>'s key when <paramref name="key"/>'s feature is not executed yet.</summary>
        public static void Warn(string key, RawEntry entry, ReadContext context)
        {
            if (Consequences.TryGetValue(key, out var consequence))
            {
                context.Warning(DiagnosticIds.NotYetSupported, entry.Key.Location, $"'{key}' is accepted but not executed by this version yet; {consequence}.");
            }
        }
    }
}
