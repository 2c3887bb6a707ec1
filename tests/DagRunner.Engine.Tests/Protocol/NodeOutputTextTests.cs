using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using DagRunner.Engine.Protocol;
using DagRunner.Engine.Results;
using Xunit;

namespace DagRunner.Engine.Tests.Protocol
{
    /// <summary>The output fields of <c>nodeFinished</c>: the output's text and one object's properties, for tools such as the MSBuild task.</summary>
    public class NodeOutputTextTests
    {
        private static PSObject Custom(params (string Name, object? Value)[] properties)
        {
            var custom = new PSObject();
            foreach (var (name, value) in properties)
            {
                custom.Properties.Add(new PSNoteProperty(name, value));
            }

            return custom;
        }

        private static JsonElement Finished(params object?[] output)
        {
            var result = new NodeResult("n") { Status = NodeStatus.Succeeded, Output = output };
            return JsonDocument.Parse(RunEventJson.NodeFinished(result, null)).RootElement.Clone();
        }

        [Fact]
        public void AStringOutput_IsTheOutputField_WithNoProperties()
        {
            var line = Finished("1.4.2");

            Assert.Equal("1.4.2", line.GetProperty("output").GetString());
            Assert.False(line.TryGetProperty("outputProperties", out _));
            Assert.False(line.TryGetProperty("outputTruncated", out _));
        }

        [Fact]
        public void TheHostANodeRanOn_IsItsHostField_AndALocalNodeHasNone()
        {
            var remote = new NodeResult("n") { Status = NodeStatus.Succeeded, Host = "w2" };

            Assert.Equal("w2", JsonDocument.Parse(RunEventJson.NodeFinished(remote, null)).RootElement.GetProperty("host").GetString());
            Assert.False(Finished().TryGetProperty("host", out _));
        }

        [Fact]
        public void NoOutput_LeavesEveryOutputFieldOut()
        {
            var line = Finished();

            Assert.False(line.TryGetProperty("output", out _));
            Assert.False(line.TryGetProperty("outputProperties", out _));
        }

        [Fact]
        public void SeveralOutputObjects_AreOneLineEach_InTheInvariantCulture_AndHaveNoProperties()
        {
            var saved = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            try
            {
                var line = Finished(1.5, "two", new object[] { 3, 4 }, Custom(("A", 1)));

                Assert.Equal("1.5\ntwo\n3 4\n@{A=1}", line.GetProperty("output").GetString());
                Assert.False(line.TryGetProperty("outputProperties", out _));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void OneCustomObject_GivesItsNoteProperties_InOrder_AsText()
        {
            var line = Finished(Custom(("Version", "1.4.2"), ("Build", 7), ("Tags", new[] { "a", "b" }), ("Empty", null)));

            Assert.Equal("@{Version=1.4.2; Build=7; Tags=System.String[]; Empty=}", line.GetProperty("output").GetString());
            var properties = line.GetProperty("outputProperties").EnumerateObject().Select(p => (p.Name, p.Value.GetString() ?? "?")).ToList();
            Assert.Equal(new[] { ("Version", "1.4.2"), ("Build", "7"), ("Tags", "a b"), ("Empty", string.Empty) }, properties);
        }

        [Fact]
        public void OneDictionary_GivesItsStringKeys_AndLeavesOtherKeysOut()
        {
            var table = new OrderedDictionary { ["Version"] = "2.0", [(object)42] = "not a name", ["Channel"] = "beta" };

            var properties = Finished(table).GetProperty("outputProperties").EnumerateObject().Select(p => (p.Name, p.Value.GetString() ?? "?")).ToList();

            Assert.Equal(new[] { ("Version", "2.0"), ("Channel", "beta") }, properties);
        }

        [Fact]
        public void AnArrayWrittenAsOneObject_HasNoProperties()
        {
            // Write-Output -NoEnumerate @(1, 2): one output object that is a list, not an object with properties.
            var line = Finished(new ArrayList { 1, 2 });

            Assert.Equal("1 2", line.GetProperty("output").GetString());
            Assert.False(line.TryGetProperty("outputProperties", out _));
        }

        [Fact]
        public void LongOutput_IsCutAtTheCap_AndSaysSo_AndSoAreLongPropertyValues()
        {
            var long1 = new string('x', NodeOutputText.MaxLength + 10);

            var text = Finished(long1);
            var custom = Finished(Custom(("Big", long1)));

            Assert.Equal(NodeOutputText.MaxLength, text.GetProperty("output").GetString()!.Length);
            Assert.True(text.GetProperty("outputTruncated").GetBoolean());
            Assert.Equal(NodeOutputText.MaxLength, custom.GetProperty("outputProperties").GetProperty("Big").GetString()!.Length);
        }

        [Fact]
        public void ACutNeverSplitsASurrogatePair()
        {
            var text = new string('x', NodeOutputText.MaxLength - 1) + "\U0001F600" + "tail";

            var output = NodeOutputText.Text(new object?[] { text }, out var truncated);

            Assert.True(truncated);
            Assert.Equal(NodeOutputText.MaxLength - 1, output!.Length);
        }

        [Fact]
        public void AtMostMaxPropertiesAreGiven()
        {
            var many = Custom(Enumerable.Range(0, NodeOutputText.MaxProperties + 5).Select(i => ("P" + i, (object?)i)).ToArray());

            Assert.Equal(NodeOutputText.MaxProperties, NodeOutputText.Properties(new object?[] { many })!.Count);
        }
    }
}
