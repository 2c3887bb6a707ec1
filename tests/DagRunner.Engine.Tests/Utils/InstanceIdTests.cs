using DagRunner.Engine.Utils;
using Xunit;

namespace DagRunner.Engine.Tests.Utils
{
    public class InstanceIdTests
    {
        [Theory]
        [InlineData("deploy[web02]", true, "deploy", "web02")]
        [InlineData("copy[a[1]]", true, "copy", "a[1]")]
        [InlineData("build", false, "build", "")]
        [InlineData("[x]", false, "[x]", "")]
        [InlineData("half[open", false, "half[open", "")]
        public void TrySplit_TakesTheNodeBeforeTheFirstBracketAndTheKeyUpToTheClosingOne(string id, bool isInstance, string node, string key)
        {
            Assert.Equal(isInstance, InstanceId.TrySplit(id, out var actualNode, out var actualKey));
            Assert.Equal(node, actualNode);
            Assert.Equal(key, actualKey);
            Assert.Equal(node, InstanceId.GroupOf(id));
        }

        [Fact]
        public void Of_WritesWhatTrySplitReads()
        {
            var id = InstanceId.Of("transform", "2026-11-30");

            Assert.Equal("transform[2026-11-30]", id);
            Assert.True(InstanceId.TrySplit(id, out var node, out var key));
            Assert.Equal(("transform", "2026-11-30"), (node, key));
        }
    }
}
