using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>
    /// The text a definition hash is taken of, and its SHA-256 as lower-case hex: fields written as
    /// <c>name:length:value</c>, hashed through one builder, buffer and SHA-256 object per thread.
    /// </summary>
    internal static class HashText
    {
        /// <summary>Texts up to this length keep this thread's buffers for the next hash. <value>64 K characters.</value></summary>
        private const int KeptText = 64 * 1024;

        // One of each per thread: hashing 10,000 nodes allocated 6–7 KB for each of them.
        [ThreadStatic]
        private static SHA256? sha256;

        [ThreadStatic]
        private static StringBuilder? cachedText;

        [ThreadStatic]
        private static char[]? cachedChars;

        [ThreadStatic]
        private static byte[]? cachedBytes;

        /// <summary>This thread's builder, empty; <see cref="HashOf(StringBuilder)"/> gives it back.</summary>
        public static StringBuilder Take()
        {
            var text = cachedText ?? new StringBuilder(1024);
            cachedText = null;
            return text.Clear();
        }

        /// <summary>One field as <c>name:length:value</c>, so no value can run into the next; null differs from empty.</summary>
        public static void Field(StringBuilder text, string name, string? value)
        {
            text.Append(name).Append(':');
            if (value == null)
            {
                text.Append("null\n");
                return;
            }

            text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        }

        /// <summary>The hash of <paramref name="text"/>'s UTF-8 bytes; the builder goes back to this thread's cache.</summary>
        public static string HashOf(StringBuilder text)
        {
            int length = text.Length;
            var chars = cachedChars != null && cachedChars.Length >= length ? cachedChars : cachedChars = new char[Math.Max(length, 1024)];
            text.CopyTo(0, chars, 0, length);
            int size = Encoding.UTF8.GetMaxByteCount(length);
            var bytes = cachedBytes != null && cachedBytes.Length >= size ? cachedBytes : cachedBytes = new byte[Math.Max(size, 4096)];
            int count = Encoding.UTF8.GetBytes(chars, 0, length, bytes, 0);
            if (text.Capacity <= KeptText)
            {
                cachedText = text;
            }

            var hash = Hex(Sha().ComputeHash(bytes, 0, count));
            if (length > KeptText)
            {
                cachedChars = null; // a very large definition grew them: let that memory go
                cachedBytes = null;
            }

            return hash;
        }

        /// <summary>The hash of <paramref name="bytes"/> (a script file's content).</summary>
        public static string HashOf(byte[] bytes) => Hex(Sha().ComputeHash(bytes));

        /// <summary>Adds <paramref name="text"/>'s UTF-8 bytes to <paramref name="hash"/> and empties it: for texts hashed a piece at a time.</summary>
        public static void AppendUtf8(IncrementalHash hash, StringBuilder text)
        {
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            hash.AppendData(bytes);
            text.Clear();
        }

        public static string Hex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            var text = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                text[2 * i] = digits[bytes[i] >> 4];
                text[(2 * i) + 1] = digits[bytes[i] & 0xF];
            }

            return new string(text);
        }

        /// <summary>One per thread: creating one costs about as much as hashing a node's text.</summary>
        private static SHA256 Sha() => sha256 ??= SHA256.Create();
    }
}
