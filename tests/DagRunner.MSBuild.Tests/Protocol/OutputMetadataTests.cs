using System.Collections.Generic;
using System.Linq;
using DagRunner.MSBuild.Protocol;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Xunit;

namespace DagRunner.MSBuild.Tests.Protocol
{
    /// <summary>A node's output on its NodeResults item: OutputText, and one metadata per property of a single output object.</summary>
    public class OutputMetadataTests
    {
        private readonly FakeBuildEngine engine = new FakeBuildEngine("/src/app.proj");

        private static KeyValuePair<string, string> P(string name, string value) => new KeyValuePair<string, string>(name, value);

        private static (TaskItem Item, List<string> Notes) Apply(string? output, params KeyValuePair<string, string>[]? properties)
        {
            var item = new TaskItem("node");
            var notes = OutputMetadata.Apply(item, output, properties);
            return (item, notes);
        }

        [Fact]
        public void AStringOutput_IsOutputText_AndAddsNoOtherMetadata()
        {
            var (item, notes) = Apply("1.4.2", null);

            Assert.Equal("1.4.2", item.GetMetadata("OutputText"));
            Assert.Equal(new[] { "OutputText" }, item.CloneCustomMetadata().Keys.Cast<string>());
            Assert.Empty(notes);
        }

        [Fact]
        public void NoOutput_IsAnEmptyOutputText()
        {
            var (item, _) = Apply(null, null);

            Assert.Equal(string.Empty, item.GetMetadata("OutputText"));
        }

        [Fact]
        public void ValuesAreLiteral_PercentSemicolonAndDollarArriveUnchanged()
        {
            var (item, _) = Apply("a;b %41 $(X)", P("Url", "https://x/?q=%20;@(Y)"));

            Assert.Equal("a;b %41 $(X)", item.GetMetadata("OutputText"));
            Assert.Equal("https://x/?q=%20;@(Y)", item.GetMetadata("Url"));
        }

        [Fact]
        public void EachPropertyOfOneObject_IsMetadataOfItsName()
        {
            var (item, notes) = Apply("@{Version=1.4.2; Channel=beta}", P("Version", "1.4.2"), P("Channel", "beta"));

            Assert.Equal("1.4.2", item.GetMetadata("Version"));
            Assert.Equal("beta", item.GetMetadata("Channel"));
            Assert.Empty(notes);
        }

        [Theory]
        [InlineData("Identity")]
        [InlineData("fullpath")]
        [InlineData("ModifiedTime")]
        [InlineData("Output")]
        [InlineData("Target")]
        [InlineData("Status")]
        [InlineData("OutputText")]
        public void AReservedName_IsRenamedWithThePrefix_AndSaysSo(string name)
        {
            var (item, notes) = Apply("x", P(name, "value"), P("Other", "o"));

            Assert.Equal("value", item.GetMetadata(OutputMetadata.RenamePrefix + name));
            Assert.Contains(notes, n => n.Contains($"'{name}'") && n.Contains(OutputMetadata.RenamePrefix + name));
            Assert.Equal("o", item.GetMetadata("Other"));
        }

        [Fact]
        public void TheTasksOwnMetadata_IsNeverOverwrittenByAnOutputProperty()
        {
            var item = new TaskItem("node");
            item.SetMetadata("Status", "Succeeded");

            OutputMetadata.Apply(item, "x", new[] { P("Status", "fake"), P("Error", "fake") });

            Assert.Equal("Succeeded", item.GetMetadata("Status"));
            Assert.Equal("fake", item.GetMetadata("Output_Status"));
            Assert.Equal("fake", item.GetMetadata("Output_Error"));
        }

        [Fact]
        public void TheWellKnownList_IsWhatMSBuildReserves()
        {
            // A fresh item lists exactly MSBuild's well-known metadata, and refuses to set them; RecursiveDir can be
            // set (Copy reads it as the wildcard part of a path), which is no place for an output either.
            var item = new TaskItem("x");

            Assert.Equal(item.MetadataNames.Cast<string>().OrderBy(n => n), OutputMetadata.WellKnown.OrderBy(n => n));
            Assert.All(OutputMetadata.WellKnown.Where(n => n != "RecursiveDir"), name => Assert.ThrowsAny<System.ArgumentException>(() => item.SetMetadata(name, "v")));
        }

        [Theory]
        [InlineData("bad name")]
        [InlineData("9lives")]
        [InlineData("a:b")]
        [InlineData("")]
        public void ANameThatCannotBeMetadata_IsSkipped_WithANote(string name)
        {
            var (item, notes) = Apply("x", P(name, "v"), P("Good", "g"));

            Assert.Equal(new[] { "Good", "OutputText" }, item.CloneCustomMetadata().Keys.Cast<string>().OrderBy(n => n));
            Assert.Contains(notes, n => n.Contains("not a valid metadata name"));
        }

        [Fact]
        public void ARenameThatClashes_IsSkipped_TheObjectsOwnPropertyWins()
        {
            var (item, notes) = Apply("x", P("Identity", "renamed"), P("Output_Identity", "own"));

            Assert.Equal("own", item.GetMetadata("Output_Identity"));
            Assert.Contains(notes, n => n.Contains("'Identity'") && n.Contains("another property"));
        }

        [Fact]
        public void NamesDifferingOnlyInCase_KeepTheFirst()
        {
            var (item, notes) = Apply("x", P("Version", "first"), P("VERSION", "second"));

            Assert.Equal("first", item.GetMetadata("Version"));
            Assert.Single(notes);
        }

        [Fact]
        public void TheEventsProperties_ReachTheItem_AndANoteIsALowMessage()
        {
            var logger = new EventLogger(new TaskLoggingHelper(engine, "RunDag"), "/src/w.dag.yaml");

            logger.Handle("{\"event\":\"nodeFinished\",\"node\":\"v\",\"status\":\"Succeeded\",\"reason\":\"None\",\"attempts\":1,\"durationMs\":5,\"output\":\"@{Version=2.0; Identity=x}\",\"outputProperties\":{\"Version\":\"2.0\",\"Identity\":\"x\"}}", fromStandardError: false);

            var item = Assert.Single(logger.NodeResults);
            Assert.Equal("@{Version=2.0; Identity=x}", item.GetMetadata("OutputText"));
            Assert.Equal("2.0", item.GetMetadata("Version"));
            Assert.Equal("x", item.GetMetadata("Output_Identity"));
            Assert.Equal("v", item.ItemSpec);
            Assert.Contains(engine.Messages, m => m.Importance == MessageImportance.Low && m.Message!.Contains("Output_Identity"));
        }

        [Fact]
        public void ACutOutput_IsSaidInALowMessage()
        {
            var logger = new EventLogger(new TaskLoggingHelper(engine, "RunDag"), "/src/w.dag.yaml");

            logger.Handle("{\"event\":\"nodeFinished\",\"node\":\"v\",\"status\":\"Succeeded\",\"output\":\"xxx\",\"outputTruncated\":true}", fromStandardError: false);

            Assert.Equal("xxx", Assert.Single(logger.NodeResults).GetMetadata("OutputText"));
            Assert.Contains(engine.Messages, m => m.Importance == MessageImportance.Low && m.Message!.Contains("first characters"));
        }
    }
}
