using System;
using System.IO;
using System.Linq;
using DagRunner.Engine.Execution.Incremental;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Incremental
{
    /// <summary>
    /// The facts a "nothing would run" answer rests on, taken while globs are expanded and checked later (by the MSBuild
    /// task, which compiles the same file): each must notice exactly the changes that could change the answer.
    /// </summary>
    public class FileEvidenceTests
    {
        [Fact]
        public void AFileFact_HoldsUntilItsContentChanges_NotWhenOnlyItsTimeDoes()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("a.txt", "one");
            var fact = FileEvidence.OfFile(path);

            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
            Assert.Null(fact.Changed());

            File.WriteAllText(path, "two");
            Assert.Equal($"{path} changed", fact.Changed());

            File.Delete(path);
            Assert.Equal($"{path} was deleted", fact.Changed());
        }

        [Fact]
        public void AFileFact_SeesAnEditOfTheSameLength()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("a.txt", "one");
            var fact = FileEvidence.OfFile(path);

            File.WriteAllText(path, "owe");

            Assert.NotNull(fact.Changed());
        }

        [Fact]
        public void AFolderFact_ChangesWhenAnEntryIsAddedOrRemoved_NotWhenAFileInItIsEdited()
        {
            using var temp = new TempDirectory();
            temp.Write("src/a.txt", "one");
            var folder = Path.Combine(temp.Path, "src");
            var fact = FileEvidence.OfDirectory(folder);

            temp.Write("src/a.txt", "edited");
            Assert.Null(fact.Changed());

            var added = temp.Write("src/b.txt", "new");
            Assert.NotNull(fact.Changed());

            File.Delete(added);
            Assert.Null(fact.Changed());
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            Assert.NotNull(fact.Changed());
        }

        [Fact]
        public void AbsenceAndExistenceFacts_FlipWithThePath()
        {
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "out.txt");
            var absent = FileEvidence.OfFile(path);
            Assert.Equal(FileEvidence.AbsentKind, absent.Kind);

            File.WriteAllText(path, "made");
            var exists = FileEvidence.Exists(path);
            Assert.Equal($"{path} was created", absent.Changed());
            Assert.Null(exists.Changed());

            File.Delete(path);
            Assert.Equal($"{path} is missing", exists.Changed());
        }

        [Fact]
        public void ASnapshotWithEvidence_RecordsEveryMatchedFileAndEveryFolderTheGlobListed()
        {
            using var temp = new TempDirectory();
            temp.Write("src/a.cs", "a");
            temp.Write("src/deep/b.cs", "b");
            temp.Write("src/deep/skip.txt", "x");
            var evidence = new EvidenceSet();

            var files = FileGlobs.Snapshot(temp.Path, new[] { "src/**/*.cs" }, evidence);

            Assert.Equal(2, files.Files!.Count);
            var facts = evidence.Facts.ToList();
            Assert.Equal(new[] { "a.cs", "b.cs" }, facts.Where(f => f.Kind == FileEvidence.ContentKind).Select(f => Path.GetFileName(f.Path)).OrderBy(n => n));
            Assert.Contains(facts, f => f.Kind == FileEvidence.ListingKind && f.Path == Path.Combine(temp.Path, "src", "deep"));
            Assert.All(facts, f => Assert.Null(f.Changed()));

            // A new match deep in the tree shows as a changed listing, with no file fact to tell.
            temp.Write("src/deep/c.cs", "c");
            Assert.Contains(facts, f => f.Changed() != null);
        }

        [Fact]
        public void UnlistedFolders_GiveNoListingFacts_ButTheirFilesStillCount()
        {
            using var temp = new TempDirectory();
            temp.Write(".dagrunner/w.checkpoint.json", "{}");
            temp.Write("src/a.cs", "a");
            var evidence = new EvidenceSet(Path.Combine(temp.Path, ".dagrunner"));

            FileGlobs.Snapshot(temp.Path, new[] { "**/*" }, evidence);

            Assert.DoesNotContain(evidence.Facts, f => f.Kind == FileEvidence.ListingKind && f.Path.Contains(".dagrunner", StringComparison.Ordinal));
            Assert.Contains(evidence.Facts, f => f.Kind == FileEvidence.ContentKind && f.Path.EndsWith("w.checkpoint.json", StringComparison.Ordinal));
        }

        [Fact]
        public void OutputsWithEvidence_RecordOneExistingFilePerPattern()
        {
            using var temp = new TempDirectory();
            temp.Write("out/a.dll", "a");
            temp.Write("out/b.dll", "b");
            var evidence = new EvidenceSet();

            Assert.True(FileGlobs.AllExist(temp.Path, new[] { "out/*.dll", "!out/b.dll" }, evidence));

            var exists = Assert.Single(evidence.Facts, f => f.Kind == FileEvidence.ExistsKind);
            Assert.Equal(Path.Combine(temp.Path, "out", "a.dll"), exists.Path);
        }
    }
}
