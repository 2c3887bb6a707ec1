using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace DagRunner.Engine.Utils
{
    /// <summary>
    /// Writes small JSON texts (a node's output value, a run event) through one <see cref="Utf8JsonWriter"/> and
    /// buffer per thread. A new writer allocates a 4 KB buffer of its own, more than most of these texts; written
    /// once per node or event, that was most of what a run allocated for its checkpoint. A text written while the
    /// thread's writer is busy (one written from inside another) gets a writer of its own.
    /// </summary>
    internal sealed class ReusableJsonWriter
    {
        /// <summary>A thread's buffer is kept up to this size. <value>256 KB.</value></summary>
        private const int KeptBuffer = 256 * 1024;

        private readonly JsonWriterOptions options;
        private readonly ThreadLocal<Slot> slots;

        public ReusableJsonWriter(JsonWriterOptions options)
        {
            this.options = options;
            slots = new ThreadLocal<Slot>(() => new Slot(options));
        }

        /// <summary>What <paramref name="write"/> writes, as a string.</summary>
        public string Write(Action<Utf8JsonWriter> write)
        {
            var slot = slots.Value!;
            if (slot.Busy)
            {
                return new Slot(options).Write(write);
            }

            slot.Busy = true;
            try
            {
                var text = slot.Write(write);
                if (slot.Buffer.Capacity > KeptBuffer)
                {
                    slots.Value = new Slot(options); // a large text grew it: let that memory go
                }

                return text;
            }
            finally
            {
                slot.Busy = false;
            }
        }

        private sealed class Slot
        {
            public Slot(JsonWriterOptions options)
            {
                Buffer = new MemoryStream();
                Writer = new Utf8JsonWriter(Buffer, options);
            }

            public MemoryStream Buffer { get; }

            public Utf8JsonWriter Writer { get; }

            public bool Busy { get; set; }

            public string Write(Action<Utf8JsonWriter> write)
            {
                Buffer.SetLength(0);
                Writer.Reset(Buffer);
                write(Writer);
                Writer.Flush();
                return Encoding.UTF8.GetString(Buffer.GetBuffer(), 0, (int)Buffer.Length);
            }
        }
    }
}
