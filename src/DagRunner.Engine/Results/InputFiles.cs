using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Engine.Results
{
    /// <summary>
    /// What a node's <c>inputs:</c> held when it ran: one hash over every file (path and content), and each file's own
    /// content hash, so a resume can say which file changed. Recorded with the node in the checkpoint.
    /// </summary>
    /// <remarks>Its JSON form is written and read by the checkpoint (<c>InputFilesJson</c>).</remarks>
    internal sealed class InputFiles
    {
        /// <summary>Past this many files only the overall hash is kept: the checkpoint stays small. <value>The value is 256.</value></summary>
        public const int MaxListedFiles = 256;

        /// <summary>Characters of each file's SHA-256 kept: enough to see a change, not to prove content.</summary>
        public const int FileHashLength = 16;

        public InputFiles(string hash, IReadOnlyDictionary<string, string>? files)
        {
            Hash = hash;
            Files = files;
        }

        /// <summary>SHA-256 over each file's relative path and content hash, in path order.</summary>
        public string Hash { get; }

        /// <summary>Each file (relative to the workflow, '/' separators) with its short content hash; null when there were too many to list.</summary>
        public IReadOnlyDictionary<string, string>? Files { get; }

        /// <summary>
        /// What changed from <paramref name="before"/> to <paramref name="now"/>, in words ("input src/x.cs changed");
        /// null when nothing did.
        /// </summary>
        public static string? Change(InputFiles? before, InputFiles now)
        {
            if (before == null)
            {
                return "its inputs were not recorded when it ran";
            }

            if (string.Equals(before.Hash, now.Hash, StringComparison.Ordinal))
            {
                return null;
            }

            if (before.Files == null || now.Files == null)
            {
                return "its inputs changed";
            }

            var changes = new List<string>();
            foreach (var file in now.Files.Keys.Union(before.Files.Keys, StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal))
            {
                bool was = before.Files.TryGetValue(file, out var old);
                bool @is = now.Files.TryGetValue(file, out var current);
                if (!was)
                {
                    changes.Add($"input {file} was added");
                }
                else if (!@is)
                {
                    changes.Add($"input {file} was removed");
                }
                else if (!string.Equals(old, current, StringComparison.Ordinal))
                {
                    changes.Add($"input {file} changed");
                }
            }

            const int shown = 3;
            return changes.Count == 0 ? "its inputs changed"
                : string.Join(", ", changes.Take(shown)) + (changes.Count > shown ? $" and {changes.Count - shown} more" : string.Empty);
        }
    }
}
