using System.Linq;
using System.Text.Json;
using DagRunner.Engine.Utils;
using Xunit;

namespace DagRunner.Engine.Tests.Utils
{
    /// <summary>One JSON writer per thread, reused: each text must come out as if written by a writer of its own.</summary>
    public class ReusableJsonWriterTests
    {
        private readonly ReusableJsonWriter writer = new ReusableJsonWriter(new JsonWriterOptions());

        [Fact]
        public void EachText_IsOnlyItsOwn_AfterALongerOne()
        {
            Assert.Equal("[\"a long text first\",1,2,3]", writer.Write(json => { json.WriteStartArray(); json.WriteStringValue("a long text first"); json.WriteNumberValue(1); json.WriteNumberValue(2); json.WriteNumberValue(3); json.WriteEndArray(); }));
            Assert.Equal("7", writer.Write(json => json.WriteNumberValue(7)));
        }

        [Fact]
        public void ATextWrittenInsideAnother_GetsAWriterOfItsOwn()
        {
            string? inner = null;
            var outer = writer.Write(json =>
            {
                json.WriteStartObject();
                inner = writer.Write(nested => nested.WriteStringValue("inner"));
                json.WriteString("outer", inner);
                json.WriteEndObject();
            });

            Assert.Equal("\"inner\"", inner);
            Assert.Equal("{\"outer\":\"\\u0022inner\\u0022\"}", outer);
        }

        [Fact]
        public void AFailedText_LeavesNothingForTheNext()
        {
            Assert.ThrowsAny<System.InvalidOperationException>(() => writer.Write(json => { json.WriteStartObject(); json.WriteNumberValue(1); }));
            Assert.Equal("true", writer.Write(json => json.WriteBooleanValue(true)));
        }

        [Fact]
        public void ALargeText_AndTextsOnManyThreads_ComeOutWhole()
        {
            var large = new string('x', 512 * 1024);
            Assert.Equal(large.Length + 2, writer.Write(json => json.WriteStringValue(large)).Length);
            var texts = Enumerable.Range(0, 64).AsParallel().Select(i => writer.Write(json => json.WriteNumberValue(i))).ToArray();
            Assert.Equal(Enumerable.Range(0, 64).Select(i => i.ToString()), texts);
            Assert.Equal("1", writer.Write(json => json.WriteNumberValue(1)));
        }
    }
}
