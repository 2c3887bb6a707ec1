using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DagRunner.Engine.Checkpoints;
using Xunit;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class CheckpointJsonTests
    {
        public static IEnumerable<object[]> Dates()
        {
            var ticks = new DateTime(2024, 5, 1, 10, 0, 0).Ticks + 1234567;
            foreach (var kind in new[] { DateTimeKind.Utc, DateTimeKind.Local, DateTimeKind.Unspecified })
            {
                yield return new object[] { new DateTime(ticks, kind) };
                yield return new object[] { new DateTime(2024, 12, 31, 23, 59, 59, kind) };
            }

            yield return new object[] { DateTime.MinValue };
            yield return new object[] { DateTime.MaxValue };
        }

        [Theory]
        [MemberData(nameof(Dates))]
        public void ADate_IsWrittenAsItsRoundTripText_AndReadBackAsTheSameInstant(DateTime date)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                CheckpointJson.WriteDate(json, "time", date, offset: null);
                json.WriteEndObject();
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            Assert.Equal("{\"time\":\"" + date.ToString("o", CultureInfo.InvariantCulture) + "\"}", text);
            using var document = JsonDocument.Parse(text);
            var read = CheckpointJson.OptionalDate(document.RootElement, "time")!.Value;
            Assert.Equal(DateTimeKind.Unspecified, read.Kind);
            if (date.Kind == DateTimeKind.Unspecified)
            {
                Assert.Equal(date, read); // a checkpoint written before offsets: as it was
            }
            else
            {
                Assert.Equal(new DateTimeOffset(date.ToUniversalTime()), new DateTimeOffset(read, CheckpointJson.ReaderOffset)); // the same instant, in the reader's offset
            }
        }

        // A run's times are Unspecified, in the offset its clock started in: written with that offset, they are one
        // instant wherever they are read, and come back in the reader's offset.
        [Theory]
        [InlineData(-5)]
        [InlineData(0)]
        [InlineData(9)]
        public void ARunsTime_IsWrittenWithItsOffset_AndReadBackAsTheSameInstant(int hours)
        {
            var time = new DateTime(2026, 12, 5, 4, 54, 0, DateTimeKind.Unspecified).AddTicks(1234567);
            var offset = TimeSpan.FromHours(hours);
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, OutputJson.WriterOptions))
            {
                json.WriteStartObject();
                CheckpointJson.WriteDate(json, "time", time, offset);
                CheckpointJson.WriteDate(json, "utc", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), offset);
                json.WriteEndObject();
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            Assert.Equal("{\"time\":\"" + new DateTimeOffset(time, offset).ToString("o", CultureInfo.InvariantCulture) + "\",\"utc\":\"2026-01-01T00:00:00.0000000Z\"}", text);
            using var document = JsonDocument.Parse(text);
            var read = CheckpointJson.OptionalDate(document.RootElement, "time")!.Value;
            Assert.Equal(DateTimeKind.Unspecified, read.Kind); // in the reader's offset, as a run's own times are in its clock's
            Assert.Equal(new DateTimeOffset(time, offset), new DateTimeOffset(read, CheckpointJson.ReaderOffset));
        }
    }
}
