using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    /// <summary><c>foreach: { items, key }</c> as loaded and validated: positions of the key, and every mistake at its place.</summary>
    public class ForEachKeyLoadingTests
    {
        private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

        [Fact]
        public void MappingForm_WithAList_KeepsTheItemsAndTheKeyAtItsPosition()
        {
            var forEach = Load.Valid("nodes:\n  a:\n    run: x\n    foreach:\n      items: [{ day: d1 }, { day: d2 }]\n      key: $Item.day\n").Node("a").ForEach!;

            Assert.Equal(2, forEach.Items!.Count);
            Assert.Null(forEach.Expression);
            Assert.Equal("$Item.day", forEach.Key!.Text);
            Assert.Equal((6, 12), (forEach.Key.Location.Line, forEach.Key.Location.Column));
        }

        [Fact]
        public void MappingForm_WithAnExpression_KeepsBoth()
        {
            var forEach = Load.Valid("nodes:\n  up: { run: y }\n  a:\n    needs: up\n    run: x\n    foreach: { items: $Needs.up, key: $Item.Name }\n").Node("a").ForEach!;

            Assert.Null(forEach.Items);
            Assert.Equal("$Needs.up", forEach.Expression!.Text);
            Assert.Equal("$Item.Name", forEach.Key!.Text);
        }

        [Fact]
        public void MappingForm_WithoutKey_IsTheSameAsTheShortForm()
        {
            var forEach = Load.Valid("nodes:\n  a:\n    run: x\n    foreach: { items: [a, b] }\n").Node("a").ForEach!;

            Assert.Equal(new object?[] { "a", "b" }, forEach.Items);
            Assert.Null(forEach.Key);
        }

        [Fact]
        public void UnknownKey_InTheMapping_IsReportedAtTheKey_WithTheNearestName()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    foreach:\n      items: [a]\n      kye: $Item\n").SingleError(DiagnosticIds.UnknownKey, 6, 7);

            Assert.Contains("'key'", error.Message);
        }

        [Theory]
        [InlineData("foreach:\n      key: $Item", 4, 5)]
        [InlineData("foreach:\n      items:\n      key: $Item", 5, 7)]
        public void MissingItems_IsAMissingKey(string setting, int line, int column)
        {
            Load.Yaml($"nodes:\n  a:\n    run: x\n    {setting}\n").SingleError(DiagnosticIds.MissingKey, line, column);
        }

        [Fact]
        public void AMappingOfOtherKeys_ReportsEachUnknownKey_AndTheMissingItems()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: x\n    foreach: { a: 1 }\n");

            result.Single(DiagnosticIds.UnknownKey, 4, 16);
            result.Single(DiagnosticIds.MissingKey, 4, 5);
            Assert.Equal(2, result.Errors.Count());
        }

        [Fact]
        public void ItemsThatAreAMapping_AreAWrongType()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    foreach: { items: { x: 1 } }\n").SingleError(DiagnosticIds.WrongType, 4, 23);
        }

        [Fact]
        public void AnEmptyKey_IsAWrongType()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    foreach: { items: [a], key: '' }\n").SingleError(DiagnosticIds.WrongType, 4, 33);
        }

        [Fact]
        public void ASyntaxErrorInTheKey_IsReportedWhereItIsWritten()
        {
            var error = Load.Yaml("nodes:\n  a:\n    run: x\n    foreach:\n      items: [a]\n      key: $Item + (\n").SingleError(DiagnosticIds.ScriptSyntax, 6, 21);

            Assert.Contains("'key'", error.Message);
        }

        [Fact]
        public void ANeedsReadInTheKey_OfANodeNotInNeeds_IsReportedAtTheRead()
        {
            var error = Load.Yaml("nodes:\n  up: { run: y }\n  a:\n    run: x\n    foreach:\n      items: [a]\n      key: $Needs.up.Name\n").SingleError(DiagnosticIds.UnknownNeedsReference, 7, 19);

            Assert.Contains("add up to the needs of 'a'", error.Message);
        }

        [Fact]
        public void TheKey_IsPartOfTheNodesDefinitionHash()
        {
            string Hash(string key) => DefinitionHash.ForNode(Load.Valid($"nodes:\n  a:\n    run: x\n    foreach: {{ items: [a], key: {key} }}\n").Node("a"), NoVariables);

            Assert.NotEqual(Hash("$Item"), Hash("$Item.ToUpper()"));
            Assert.Equal(Hash("$Item"), Hash("$Item"));
        }

        [Fact]
        public void ANodeWithoutKey_KeepsTheHashOfTheShortForm()
        {
            string Hash(string forEach) => DefinitionHash.ForNode(Load.Valid($"nodes:\n  a:\n    run: x\n    foreach: {forEach}\n").Node("a"), NoVariables);

            Assert.Equal(Hash("[a, b]"), Hash("{ items: [a, b] }"));
        }

        [Fact]
        public void AVariableReadInTheKey_IsPartOfTheHash()
        {
            var node = Load.Valid("nodes:\n  a:\n    run: x\n    foreach: { items: [a], key: \"$prefix-$Item\" }\n").Node("a");

            Assert.NotEqual(
                DefinitionHash.ForNode(node, new Dictionary<string, object?> { ["prefix"] = "p1" }),
                DefinitionHash.ForNode(node, new Dictionary<string, object?> { ["prefix"] = "p2" }));
        }
    }
}
