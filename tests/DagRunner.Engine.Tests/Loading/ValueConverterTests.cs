using System.Collections.Specialized;
using System.Linq;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class ValueConverterTests
    {
        public static TheoryData<string, object?> PlainScalars => new TheoryData<string, object?>
        {
            { "null", null },
            { "~", null },
            { "NULL", null },
            { "true", true },
            { "TRUE", true },
            { "False", false },
            { "42", 42 },
            { "-7", -7 },
            { "+3", 3 },
            { "3000000000", 3000000000L },
            { "0x1F", 31 },
            { "0o17", 15 },
            { "1.5", 1.5 },
            { "1e3", 1000.0 },
            { "-.5", -0.5 },
            { ".inf", double.PositiveInfinity },
            { "-.Inf", double.NegativeInfinity },
            { "hello", "hello" },
            { "1.2.3", "1.2.3" },
            { "yes", "yes" },
            { "0x", "0x" },
            { "1_000", "1_000" },
        };

        [Theory]
        [MemberData(nameof(PlainScalars))]
        public void PlainScalars_FollowTheCoreSchema(string text, object? expected)
        {
            var value = CoreSchema.Resolve(text);

            Assert.Equal(expected, value);
            Assert.Equal(expected?.GetType(), value?.GetType());
        }

        [Fact]
        public void NotANumber_ResolvesToNaN()
        {
            Assert.True(double.IsNaN((double)CoreSchema.Resolve(".nan")!));
        }

        [Fact]
        public void EmptyPlainValue_IsNullAndQuotedValuesStayStrings()
        {
            var variables = Load.Valid("""
                variables:
                  Empty:
                  Number: 42
                  QuotedNumber: '42'
                  QuotedBool: "true"
                  QuotedNull: 'null'
                  Text: plain text
                nodes:
                  a: { run: x }
                """).Variables;

            Assert.Null(variables["Empty"]);
            Assert.Equal(42, variables["Number"]);
            Assert.Equal("42", variables["QuotedNumber"]);
            Assert.Equal("true", variables["QuotedBool"]);
            Assert.Equal("null", variables["QuotedNull"]);
            Assert.Equal("plain text", variables["Text"]);
        }

        [Fact]
        public void Lists_BecomeObjectArraysAndMappingsOrderedCaseInsensitiveDictionaries()
        {
            var with = Load.Valid("""
                nodes:
                  a:
                    run: x
                    with:
                      Targets: [linux, 2, true]
                      Options: { zeta: 1, Alpha: two }
                """).Node("a").With;

            var targets = Assert.IsType<object?[]>(with["Targets"]);
            Assert.Equal(new object?[] { "linux", 2, true }, targets);
            var options = Assert.IsType<OrderedDictionary>(with["Options"]);
            Assert.Equal(new[] { "zeta", "Alpha" }, options.Keys.Cast<string>());
            Assert.Equal("two", options["ALPHA"]);
        }

        [Fact]
        public void With_KeepsFileOrderAndLooksNamesUpIgnoringCase()
        {
            var with = Load.Valid("nodes:\n  a:\n    run: x\n    with: { b: 1, a: 2, c: 3 }\n").Node("a").With;

            Assert.Equal(new[] { "b", "a", "c" }, with.Keys);
            Assert.Equal(2, with["A"]);
        }

        [Fact]
        public void VariableNamesThatDifferOnlyInCase_AreDuplicates()
        {
            var error = Load.Yaml("variables:\n  Config: a\n  config: b\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.DuplicateKey, 3, 3);

            Assert.Contains("line 2", error.Message);
        }

        [Fact]
        public void NestedMappingKeysThatDifferOnlyInCase_AreDuplicates()
        {
            Load.Yaml("nodes:\n  a:\n    run: x\n    with:\n      Options: { Mode: a, mode: b }\n").SingleError(DiagnosticIds.DuplicateKey, 5, 27);
        }
    }
}
