using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using DagRunner.Engine.Execution.Invocation;
using Xunit;

namespace DagRunner.Engine.Tests.Execution.Invocation
{
    /// <summary>The copies each node gets of the run's lists and mappings: changing one never changes the original or another copy.</summary>
    public class VariableValuesTests
    {
        [Fact]
        public void ACopiedMapping_IsIndependent_AtEveryDepth()
        {
            var original = new Hashtable { ["region"] = "eu", ["db"] = new Hashtable { ["port"] = 5432 }, ["zones"] = new object?[] { "a", new Hashtable { ["x"] = 1 } } };

            var copy = (Hashtable)VariableValues.Copy(original)!;
            copy["region"] = "us";
            ((Hashtable)copy["db"]!)["port"] = 1;
            var zones = (object?[])copy["zones"]!;
            zones[0] = "z";
            ((Hashtable)zones[1]!)["x"] = 2;

            Assert.Equal("eu", original["region"]);
            Assert.Equal(5432, ((Hashtable)original["db"]!)["port"]);
            var originalZones = (object?[])original["zones"]!;
            Assert.Equal("a", originalZones[0]);
            Assert.Equal(1, ((Hashtable)originalZones[1]!)["x"]);
        }

        [Fact]
        public void TwoCopies_AreIndependentOfEachOther()
        {
            var original = new object?[] { new Hashtable { ["n"] = 1 } };

            var first = (object?[])VariableValues.Copy(original)!;
            var second = (object?[])VariableValues.Copy(original)!;
            ((Hashtable)first[0]!)["n"] = 2;

            Assert.Equal(1, ((Hashtable)second[0]!)["n"]);
        }

        [Fact]
        public void ACopiedOrderedMapping_KeepsItsOrder_AndIgnoresCase()
        {
            var original = new OrderedDictionary { ["b"] = 1, ["a"] = 2, ["c"] = 3 };

            var copy = Assert.IsType<OrderedDictionary>(VariableValues.Copy(original));

            Assert.Equal(new object[] { "b", "a", "c" }, copy.Keys.Cast<object>());
            Assert.Equal(2, copy["A"]);
        }

        [Fact]
        public void ACopiedHashtable_IgnoresCase_AsPowerShellDoes()
        {
            var copy = (Hashtable)VariableValues.Copy(new Hashtable { ["Region"] = "eu" })!;

            Assert.Equal("eu", copy["region"]);
        }

        [Fact]
        public void Scalars_AreNotCopied()
        {
            var text = "eu";
            var unknown = new System.Collections.Generic.List<int> { 1 };

            Assert.Same(text, VariableValues.Copy(text));
            Assert.Same(unknown, VariableValues.Copy(unknown));
            Assert.Null(VariableValues.Copy(null));
        }

        [Fact]
        public void OnlyMappingsAndLists_AreContainers()
        {
            Assert.True(VariableValues.IsContainer(new Hashtable()));
            Assert.True(VariableValues.IsContainer(new OrderedDictionary()));
            Assert.True(VariableValues.IsContainer(new object?[0]));
            Assert.False(VariableValues.IsContainer("text"));
            Assert.False(VariableValues.IsContainer(42));
            Assert.False(VariableValues.IsContainer(null));
        }
    }
}
