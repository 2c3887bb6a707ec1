using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Execution.ForEach;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.ForEach
{
    /// <summary>Instances named by the keys <c>key:</c> gave, and the keys that cannot name one.</summary>
    public class ForEachInstancesKeyTests
    {
        private static readonly Definition.NodeDefinition Group =
            Load.Valid("nodes:\n  transform:\n    run: x\n    foreach: { items: [a, b], key: $Item.Day }\n").Node("transform");

        [Fact]
        public void Create_WithKeys_NamesEachInstanceByItsKey_AndKeepsTheItem()
        {
            var items = new object?[] { new { Day = "2026-11-30" }, new { Day = "2026-12-01" } };

            var instances = ForEachInstances.Create(Group, items, null, new[] { "2026-11-30", "2026-12-01" });

            Assert.Equal(new[] { "transform[2026-11-30]", "transform[2026-12-01]" }, instances.Select(i => i.Id));
            Assert.Equal(new[] { "2026-11-30", "2026-12-01" }, instances.Select(i => i.ItemKey));
            Assert.Same(items[1], instances[1].Item);
            Assert.All(instances, i => Assert.Equal("transform", i.InstanceOf));
        }

        [Fact]
        public void Create_WithKeys_UsesThemEvenForScalarsThatWouldNameThemselves()
        {
            var instances = ForEachInstances.Create(Group, new object?[] { "a", "b" }, null, new[] { "x", "y" });

            Assert.Equal(new[] { "transform[x]", "transform[y]" }, instances.Select(i => i.Id));
        }

        [Fact]
        public void CheckKeys_DistinctUsableKeys_HaveNoError()
        {
            Assert.Null(ForEachInstances.CheckKeys("transform", new[] { "2026-11-30", "2026-12-01", "x y" }));
        }

        [Fact]
        public void CheckKeys_TwoItemsWithOneKey_FailsNamingBothPositionsAndTheKey()
        {
            var error = ForEachInstances.CheckKeys("transform", new[] { "d1", "d2", "d1" });

            Assert.Equal(ForEachKeyErrors.Duplicate, error!.FullyQualifiedErrorId);
            Assert.Contains("Items 0 and 2", error.Exception.Message);
            Assert.Contains("'d1'", error.Exception.Message);
        }

        [Fact]
        public void CheckKeys_KeysThatDifferOnlyInCase_AreDuplicates_LikeNodeIds()
        {
            var error = ForEachInstances.CheckKeys("transform", new[] { "Web", "db", "WEB" });

            Assert.Equal(ForEachKeyErrors.Duplicate, error!.FullyQualifiedErrorId);
            Assert.Contains("'Web' and 'WEB'", error.Exception.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("a[1]")]
        [InlineData("a]")]
        [InlineData("two\nlines")]
        [InlineData("cr\rhere")]
        [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
        public void CheckKeys_AKeyThatCannotBePartOfAnId_FailsNamingTheItem(string key)
        {
            var error = ForEachInstances.CheckKeys("transform", new[] { "ok", key });

            Assert.Equal(ForEachKeyErrors.Invalid, error!.FullyQualifiedErrorId);
            Assert.Contains("item 1 (0-based)", error.Exception.Message);
        }

        [Fact]
        public void CheckKeys_AKeyOf64Characters_IsUsable()
        {
            Assert.Null(ForEachInstances.CheckKeys("transform", new[] { new string('k', 64) }));
        }

        [Fact]
        public void CheckKeys_AKeyHoldingASecret_Fails_WithoutTheValueInTheMessage()
        {
            var error = ForEachInstances.CheckKeys("transform", new[] { "public", "token-s3cret" }, text => text.Contains("s3cret"));

            Assert.Equal(ForEachKeyErrors.Secret, error!.FullyQualifiedErrorId);
            Assert.Contains("item 1 (0-based)", error.Exception.Message);
            Assert.DoesNotContain("s3cret", error.Exception.Message);
        }

        [Fact]
        public void CheckKeys_ASecretInAKeyThatIsAlsoADuplicate_IsReportedAsASecret()
        {
            var error = ForEachInstances.CheckKeys("transform", new[] { "s3cret", "s3cret" }, text => text.Contains("s3cret"));

            Assert.Equal(ForEachKeyErrors.Secret, error!.FullyQualifiedErrorId);
            Assert.DoesNotContain("s3cret", error.Exception.Message);
        }

        [Fact]
        public void CheckKeys_ErrorsAreErrorRecordsTargetingTheNode()
        {
            ErrorRecord error = ForEachInstances.CheckKeys("transform", new[] { "a", "a" })!;

            Assert.Equal("transform", error.TargetObject);
        }
    }
}
