using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace DagRunner.Engine.Execution.Incremental
{
    /// <summary>
    /// One fact about the file system that a "nothing would run" decision rested on: a file's content, a folder's list
    /// of entries (a glob's matches change when an entry is added or removed), or that a path exists or does not.
    /// <see cref="Changed"/> says whether it still holds.
    /// </summary>
    /// <remarks>
    /// The engine takes these facts while it decides; the MSBuild task checks them, in its own process, without
    /// starting pwsh. This file is compiled into both (the task links it as source), so taking a fact and checking it
    /// are one implementation. Plain .NET only: no engine type may appear here.
    /// </remarks>
    internal sealed class FileEvidence
    {
        public const string ContentKind = "content";
        public const string ListingKind = "listing";
        public const string ExistsKind = "exists";
        public const string AbsentKind = "absent";

        public FileEvidence(string kind, string path, string? hash = null, long length = 0, long writeTimeTicks = 0)
        {
            Kind = kind;
            Path = path;
            Hash = hash;
            Length = length;
            WriteTimeTicks = writeTimeTicks;
        }

        /// <summary><see cref="ContentKind"/>, <see cref="ListingKind"/>, <see cref="ExistsKind"/> or <see cref="AbsentKind"/>.</summary>
        public string Kind { get; }

        /// <summary>The full path.</summary>
        public string Path { get; }

        /// <summary>SHA-256 (lower-case hex) of a file's content or of a folder's sorted entry names; null otherwise.</summary>
        public string? Hash { get; }

        /// <summary>A file's length when its hash was taken: with <see cref="WriteTimeTicks"/>, a check that needs no read.</summary>
        public long Length { get; }

        /// <summary>A file's last write time (UTC ticks), read before its content so a write in between shows as a change.</summary>
        public long WriteTimeTicks { get; }

        /// <summary>A file's content now; a missing file is evidence of its absence.</summary>
        public static FileEvidence OfFile(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new FileEvidence(AbsentKind, info.FullName);
            }

            long ticks = info.LastWriteTimeUtc.Ticks;
            return OfContent(info.FullName, File.ReadAllBytes(info.FullName), ticks);
        }

        /// <summary>A file's content already read, with the write time read before it.</summary>
        public static FileEvidence OfContent(string fullPath, byte[] content, long writeTimeTicks)
            => new FileEvidence(ContentKind, fullPath, Sha256(content), content.LongLength, writeTimeTicks);

        /// <summary>A folder's entries now (names of files and folders, sorted); a missing folder is evidence of its absence.</summary>
        public static FileEvidence OfDirectory(string path)
        {
            var full = System.IO.Path.GetFullPath(path);
            return Directory.Exists(full) ? new FileEvidence(ListingKind, full, ListingHash(full)) : new FileEvidence(AbsentKind, full);
        }

        /// <summary>The path must still exist (an output that was made), whatever it holds.</summary>
        public static FileEvidence Exists(string path) => new FileEvidence(ExistsKind, System.IO.Path.GetFullPath(path));

        /// <summary>
        /// Null while the fact still holds; otherwise what changed, in words. A file whose length and write time are
        /// unchanged is taken as unchanged without reading it (as make and MSBuild do); otherwise its content decides,
        /// so a touched but identical file still holds.
        /// </summary>
        public string? Changed()
        {
            try
            {
                switch (Kind)
                {
                    case ContentKind:
                        var info = new FileInfo(Path);
                        if (!info.Exists)
                        {
                            return $"{Path} was deleted";
                        }

                        if (info.Length == Length && info.LastWriteTimeUtc.Ticks == WriteTimeTicks)
                        {
                            return null;
                        }

                        return info.Length == Length && string.Equals(Sha256(File.ReadAllBytes(Path)), Hash, StringComparison.Ordinal) ? null : $"{Path} changed";
                    case ListingKind:
                        if (!Directory.Exists(Path))
                        {
                            return $"folder {Path} was deleted";
                        }

                        return string.Equals(ListingHash(Path), Hash, StringComparison.Ordinal) ? null : $"an entry of folder {Path} was added or removed";
                    case ExistsKind:
                        return File.Exists(Path) || Directory.Exists(Path) ? null : $"{Path} is missing";
                    case AbsentKind:
                        return File.Exists(Path) || Directory.Exists(Path) ? $"{Path} was created" : null;
                    default:
                        return $"the record holds an unknown kind of fact '{Kind}'";
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return $"{Path} could not be read ({ex.Message})";
            }
        }

        public override string ToString() => $"{Kind} {Path}";

        private static string ListingHash(string folder)
        {
            var names = Directory.EnumerateFileSystemEntries(folder)
                .Select(entry => (Directory.Exists(entry) ? "d " : "f ") + System.IO.Path.GetFileName(entry))
                .OrderBy(name => name, StringComparer.Ordinal);
            var text = new StringBuilder();
            foreach (var name in names)
            {
                text.Append(name).Append('\n');
            }

            return Sha256(Encoding.UTF8.GetBytes(text.ToString()));
        }

        private static string Sha256(byte[] bytes)
        {
            using var sha = SHA256.Create();
            return BitConverter.ToString(sha.ComputeHash(bytes)).Replace("-", string.Empty).ToLowerInvariant();
        }
    }

    /// <summary>Facts gathered while deciding, without repeats (a folder or file read for several nodes counts once).</summary>
    internal sealed class EvidenceSet
    {
        private readonly Dictionary<string, FileEvidence> facts = new Dictionary<string, FileEvidence>(StringComparer.Ordinal);
        private readonly string[] unlisted;

        /// <param name="unlistedFolders">
        /// Folders whose listings are no evidence: DagRunner's own state folder, whose entries come and go with every run
        /// (the lock's label, the journal) although no glob of a workflow is about them.
        /// </param>
        public EvidenceSet(params string[] unlistedFolders)
            => unlisted = unlistedFolders.Select(f => System.IO.Path.GetFullPath(f).TrimEnd('/', '\\')).ToArray();

        public IReadOnlyCollection<FileEvidence> Facts => facts.Values;

        public void Add(FileEvidence fact)
        {
            if (fact.Kind == FileEvidence.ListingKind && unlisted.Any(folder => IsAtOrUnder(fact.Path, folder)))
            {
                return;
            }

            lock (facts)
            {
                var key = fact.Kind + "|" + fact.Path;
                if (!facts.ContainsKey(key))
                {
                    facts.Add(key, fact);
                }
            }
        }

        private static bool IsAtOrUnder(string path, string folder)
            => path.Length >= folder.Length && string.Compare(path, 0, folder, 0, folder.Length, StringComparison.Ordinal) == 0
               && (path.Length == folder.Length || path[folder.Length] == '/' || path[folder.Length] == '\\');
    }
}
