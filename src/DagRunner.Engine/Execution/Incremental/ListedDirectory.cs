using System.Collections.Generic;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace DagRunner.Engine.Execution.Incremental
{
    /// <summary>
    /// A folder as the glob matcher walks it, noting each folder whose entries it lists: a glob's matches can only
    /// change when one of those listings does (or a matched file's content), which is what <see cref="FileEvidence"/> checks.
    /// </summary>
    internal sealed class ListedDirectory : DirectoryInfoBase
    {
        private readonly DirectoryInfoBase inner;
        private readonly EvidenceSet evidence;

        public ListedDirectory(DirectoryInfoBase inner, EvidenceSet evidence)
        {
            this.inner = inner;
            this.evidence = evidence;
        }

        public override string Name => inner.Name;

        public override string FullName => inner.FullName;

        public override DirectoryInfoBase? ParentDirectory => Wrap(inner.ParentDirectory);

        public override IEnumerable<FileSystemInfoBase> EnumerateFileSystemInfos()
        {
            evidence.Add(FileEvidence.OfDirectory(inner.FullName));
            foreach (var entry in inner.EnumerateFileSystemInfos())
            {
                yield return entry is DirectoryInfoBase folder ? new ListedDirectory(folder, evidence) : entry;
            }
        }

        public override DirectoryInfoBase? GetDirectory(string path) => Wrap(inner.GetDirectory(path));

        public override FileInfoBase? GetFile(string path) => inner.GetFile(path);

        private DirectoryInfoBase? Wrap(DirectoryInfoBase? folder) => folder == null ? null : new ListedDirectory(folder, evidence);
    }
}
