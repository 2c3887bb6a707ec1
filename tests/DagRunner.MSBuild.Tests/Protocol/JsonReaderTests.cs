using System.Collections.Generic;
using DagRunner.MSBuild.Protocol;
using Xunit;

namespace DagRunner.MSBuild.Tests.Protocol
{
    public class JsonReaderTests
    {
        [Fact]
        public void AFlatEventWithEveryKindOfValue_IsRead()
        {
            var value = JsonReader.ParseObject("{\"event\":\"nodeFinished\",\"line\":12,\"ratio\":-1.5e2,\"ok\":true,\"no\":false,\"error\":null}");

            Assert.NotNull(value);
            Assert.Equal("nodeFinished", value!["event"]);
            Assert.Equal(12.0, value["line"]);
            Assert.Equal(-150.0, value["ratio"]);
            Assert.Equal(true, value["ok"]);
            Assert.Equal(false, value["no"]);
            Assert.Null(value["error"]);
        }

        [Fact]
        public void EscapesAndNonASCIIText_AreRead()
        {
            var value = JsonReader.ParseObject("{\"t\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00 ü\"}");

            Assert.Equal("a\"b\\c\né😀 ü", value!["t"]);
        }

        [Fact]
        public void NestedObjectsAndArrays_AreRead()
        {
            var value = JsonReader.ParseObject("{ \"tools\": { \"powershell\": { \"commands\": [ \"pwsh\" ] } } }");

            var tools = Assert.IsType<Dictionary<string, object?>>(value!["tools"]);
            var tool = Assert.IsType<Dictionary<string, object?>>(tools["powershell"]);
            Assert.Equal(new object?[] { "pwsh" }, Assert.IsType<List<object?>>(tool["commands"]));
        }

        [Theory]
        [InlineData("")]
        [InlineData("{")]
        [InlineData("{\"a\":}")]
        [InlineData("{\"a\":1,}")]
        [InlineData("{\"a\":1} trailing")]
        [InlineData("{'a':1}")]
        [InlineData("[1,2]")]
        [InlineData("{\"a\":\"unterminated}")]
        public void AnythingElse_IsNotAnObject(string text)
        {
            Assert.Null(JsonReader.ParseObject(text));
        }

        [Fact]
        public void EventLine_NeedsAnEventField()
        {
            Assert.Null(EventLine.TryParse("{\"node\":\"a\"}"));
            Assert.Null(EventLine.TryParse("[build] plain output"));
            Assert.Equal("log", EventLine.TryParse("{\"event\":\"log\"}")!.Kind);
        }
    }
}
