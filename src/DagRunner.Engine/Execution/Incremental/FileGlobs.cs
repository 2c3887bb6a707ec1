using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace DagRunner.Execution.Incremental
{
    /// <summary>The files <c>inputs:</c> and <c>outputs:</c> name: globs relative to the workflow's folder, <c>!</c> to exclude.</summary>
    internal static class FileGlobs
    {
        /// <summary>The matching files, as sorted paths relative to <paramref name="baseDirectory"/> with '/' separators.</summary>
        public static IReadOnlyList<string> Expand(string baseDirectory, IEnumerable<string> patterns)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            foreach (var pattern in patterns)
            {
                if (pattern.StartsWith("!", StringComparison.Ordinal))
                {
                    matcher.AddExclude(pattern.Substring(1));
                }
                else
                {
                    matcher.AddInclude(pattern);
                }
            }

            return matcher.GetResultsInFullPath(baseDirectory)
                .Select(full => MakeRelative(baseDirectory, full))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>True when every include pattern matches at least one file (an output that is missing means "run again").</summary>
        public static bool AllExist(string baseDirectory, IEnumerable<string> patterns)
            => patterns.Where(p => !p.StartsWith("!", StringComparison.Ordinal)).All(p => Expand(baseDirectory, new[] { p }).Count > 0);

        /// <summary>SHA-256 over each file's relative path and content, in path order: any edit, addition or removal changes it.</summary>
        public static string ContentHash(string baseDirectory, IEnumerable<string> patterns)
        {
            using var sha = SHA256.Create();
            var text = new StringBuilder();
            foreach (var relative in Expand(baseDirectory, patterns))
            {
                byte[] content;
                try
                {
                    content = File.ReadAllBytes(Path.Combine(baseDirectory, relative));
                }
                catch (IOException)
                {
                    content = Array.Empty<byte>(); // vanished between the listing and the read: its path still counts
                }

                text.Append(relative).Append('\0').Append(Hex(sha.ComputeHash(content))).Append('\n');
            }

            return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())));
        }

        private static string MakeRelative(string baseDirectory, string full)
        {
            var root = Path.GetFullPath(baseDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var path = Path.GetFullPath(full);
            var relative = path.StartsWith(root, StringComparison.Ordinal) ? path.Substring(root.Length) : path;
            return relative.Replace('\\', '/');
        }

        private static string Hex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
    }
}
