using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DagRunner.Engine.Results;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace DagRunner.Engine.Execution.Incremental
{
    /// <summary>
    /// The files <c>inputs:</c> and <c>outputs:</c> name: globs relative to the workflow's folder, <c>!</c> to exclude.
    /// A glob may leave the folder (<c>../common/*.json</c>) or be absolute (<c>/etc/app/*.conf</c>): the workflow is
    /// trusted code, so its paths are too. Symbolic links are followed: a linked file counts with its target's content.
    /// </summary>
    internal static class FileGlobs
    {
        private static readonly char[] Wildcards = { '*', '?', '[', '{' };

        /// <summary>The matching files, as sorted paths relative to <paramref name="baseDirectory"/> with '/' separators.</summary>
        /// <param name="evidence">When given, receives each folder the globs listed (a match appears or goes when its entries change).</param>
        public static IReadOnlyList<string> Expand(string baseDirectory, IEnumerable<string> patterns, EvidenceSet? evidence = null)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            foreach (var pattern in patterns)
            {
                if (pattern.StartsWith("!", StringComparison.Ordinal))
                {
                    matcher.AddExclude(Relative(baseDirectory, pattern.Substring(1)));
                }
                else
                {
                    matcher.AddInclude(Relative(baseDirectory, pattern));
                }
            }

            var root = new DirectoryInfoWrapper(new DirectoryInfo(baseDirectory));
            var result = matcher.Execute(evidence == null ? root : new ListedDirectory(root, evidence));
            return result.Files
                .Select(match => MakeRelative(baseDirectory, Path.GetFullPath(Path.Combine(baseDirectory, match.Path))))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>True when every include pattern matches at least one file (an output that is missing means "run again").</summary>
        /// <param name="evidence">When given, receives one matched file per pattern, which must go on existing.</param>
        public static bool AllExist(string baseDirectory, IEnumerable<string> patterns, EvidenceSet? evidence = null)
        {
            foreach (var pattern in patterns.Where(p => !p.StartsWith("!", StringComparison.Ordinal)))
            {
                var matches = Expand(baseDirectory, new[] { pattern });
                if (matches.Count == 0)
                {
                    return false;
                }

                evidence?.Add(FileEvidence.Exists(Path.Combine(baseDirectory, matches[0])));
            }

            return true;
        }

        /// <summary>SHA-256 over each file's relative path and content, in path order: any edit, addition or removal changes it.</summary>
        public static string ContentHash(string baseDirectory, IEnumerable<string> patterns) => Snapshot(baseDirectory, patterns).Hash;

        /// <summary>The matching files now: the overall <see cref="ContentHash"/> and each file's own content hash.</summary>
        /// <param name="evidence">When given, receives each file's content and each listed folder's entries as they were read.</param>
        public static InputFiles Snapshot(string baseDirectory, IEnumerable<string> patterns, EvidenceSet? evidence = null)
        {
            using var sha = SHA256.Create();
            var text = new StringBuilder();
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var relative in Expand(baseDirectory, patterns, evidence))
            {
                byte[] content;
                var path = Path.GetFullPath(Path.Combine(baseDirectory, relative));
                try
                {
                    long writeTime = evidence == null ? 0 : File.GetLastWriteTimeUtc(path).Ticks; // before the content: a write in between shows
                    content = File.ReadAllBytes(path);
                    evidence?.Add(FileEvidence.OfContent(path, content, writeTime));
                }
                catch (IOException)
                {
                    content = Array.Empty<byte>(); // vanished between the listing and the read: its path still counts
                    evidence?.Add(FileEvidence.OfFile(path));
                }

                var hash = Hex(sha.ComputeHash(content));
                text.Append(relative).Append('\0').Append(hash).Append('\n');
                files[relative] = hash.Substring(0, InputFiles.FileHashLength);
            }

            return new InputFiles(Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()))), files.Count <= InputFiles.MaxListedFiles ? files : null);
        }

        /// <summary>
        /// An absolute glob as one relative to <paramref name="baseDirectory"/> (<c>/data/*.csv</c> from <c>/repo</c> is
        /// <c>../data/*.csv</c>): the matcher takes only relative globs, and follows <c>..</c>. The part before the first
        /// wildcard is the folder; a glob on another Windows drive than the workflow stays absolute and matches nothing.
        /// </summary>
        internal static string Relative(string baseDirectory, string pattern)
        {
            if (!Path.IsPathRooted(pattern))
            {
                return pattern;
            }

            var normalized = pattern.Replace('\\', '/');
            int wildcard = normalized.IndexOfAny(Wildcards);
            int split = normalized.LastIndexOf('/', wildcard < 0 ? normalized.Length - 1 : wildcard);
            var folder = split <= 0 ? normalized.Substring(0, split + 1) : normalized.Substring(0, split);
            var rest = normalized.Substring(split + 1);
            var relativeFolder = PathRelative(Path.GetFullPath(baseDirectory), Path.GetFullPath(folder.Length == 0 ? "/" : folder)).Replace('\\', '/');
            return relativeFolder == "." ? rest : relativeFolder.TrimEnd('/') + "/" + rest;
        }

        /// <summary>Path.GetRelativePath, which netstandard2.0 lacks; <paramref name="to"/> itself when on another root.</summary>
        private static string PathRelative(string from, string to)
        {
            var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var separators = new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };
            if (!string.Equals(Path.GetPathRoot(from), Path.GetPathRoot(to), comparison))
            {
                return to;
            }

            var a = from.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            var b = to.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            int common = 0;
            while (common < a.Length && common < b.Length && string.Equals(a[common], b[common], comparison))
            {
                common++;
            }

            var parts = Enumerable.Repeat("..", a.Length - common).Concat(b.Skip(common)).ToList();
            return parts.Count == 0 ? "." : string.Join("/", parts);
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
