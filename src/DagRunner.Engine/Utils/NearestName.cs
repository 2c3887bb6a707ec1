using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Engine.Utils
{
    /// <summary>Finds the valid name a user most likely meant, for "did you mean ..." messages.</summary>
    internal static class NearestName
    {
        /// <summary>The most edits a suggestion may be from the name.</summary>
        private const int MaxEdits = 3;

        /// <summary>
        /// Names longer than this get no suggestion. The distance costs length times length in time and memory, and a
        /// megabyte-long "key" in a damaged file must not cost terabytes; no real key, id or host name is this long.
        /// </summary>
        private const int MaxLength = 200;

        /// <summary>
        /// The candidate closest to <paramref name="name"/> (case-insensitive edit distance), or null when none is
        /// close enough: at most a third of the longer name's length, and never more than 3 edits.
        /// </summary>
        public static string? Find(string name, IEnumerable<string> candidates)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            if (name.Length > MaxLength)
            {
                return null;
            }

            foreach (var candidate in candidates)
            {
                if (Math.Abs(candidate.Length - name.Length) > MaxEdits)
                {
                    continue; // at least that many edits apart
                }

                int distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            if (best == null)
            {
                return null;
            }

            int allowed = Math.Min(MaxEdits, Math.Max(1, Math.Max(name.Length, best.Length) / 3));
            return bestDistance <= allowed ? best : null;
        }

        /// <summary>" Did you mean 'x'?", or nothing when no candidate is close: for messages that already list the valid values.</summary>
        public static string DidYouMean(string name, IEnumerable<string> candidates)
        {
            var nearest = Find(name, candidates);
            return nearest == null ? string.Empty : $" Did you mean '{nearest}'?";
        }

        /// <summary>" Did you mean 'x'?" or " Valid names: a, b, c." (at most <paramref name="listLimit"/> of them).</summary>
        public static string Suggestion(string name, IReadOnlyCollection<string> candidates, string what = "names", int listLimit = 12)
        {
            var nearest = Find(name, candidates);
            if (nearest != null)
            {
                return $" Did you mean '{nearest}'?";
            }

            if (candidates.Count == 0)
            {
                return string.Empty;
            }

            var shown = candidates.Take(listLimit).ToList();
            var more = candidates.Count > shown.Count ? $" and {candidates.Count - shown.Count} more" : string.Empty;
            return $" Valid {what}: {string.Join(", ", shown)}{more}.";
        }

        /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
        public static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
