using System;
using System.Collections;
using System.IO;
using System.Text;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Loads a workflow from a YAML or JSON file, from text, or from an inline <c>-Definition</c> hashtable, and
    /// runs every check on it. A result without errors is a workflow that may run; there is no separate validation.
    /// </summary>
    internal static class WorkflowLoader
    {
        /// <summary>Reads and checks the workflow file at <paramref name="path"/> (full, or relative to the current directory).</summary>
        public static LoadResult LoadFile(string path)
        {
            var fullPath = Path.GetFullPath(Guard.NotNull(path));
            string? text;
            try
            {
                text = ReadBounded(fullPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                var message = Directory.Exists(fullPath) ? "This is a folder; give the path of the workflow file in it."
                    : e is FileNotFoundException || e is DirectoryNotFoundException ? "The workflow file does not exist. Check the path and the current directory."
                    : $"The workflow file cannot be read: {e.Message}";
                var unreadable = Diagnostic.Error(DiagnosticIds.WorkflowFileUnreadable, new SourceLocation(fullPath, 0, 0), message);
                return new LoadResult(null, new[] { unreadable }, fullPath);
            }

            return text == null ? TooLarge(fullPath, "bytes") : LoadText(text, fullPath);
        }

        /// <summary>
        /// Checks workflow <paramref name="text"/> as if read from <paramref name="sourcePath"/>, which gives the
        /// locations, the default name and the folder <c>file:</c> paths start at. The file need not exist.
        /// </summary>
        public static LoadResult LoadText(string text, string sourcePath)
        {
            Guard.NotNull(text);
            var fullPath = Path.GetFullPath(Guard.NotNull(sourcePath));
            if (text.Length > LoadLimits.MaxFileBytes)
            {
                return TooLarge(fullPath, "characters");
            }

            var context = new ReadContext(fullPath, Path.GetDirectoryName(fullPath) ?? fullPath, ignoreKeyCase: false);
            return Finish(YamlTreeReader.Read(text, context), WorkflowName.FromPath(fullPath), context);
        }

        /// <summary>
        /// Checks an inline definition: a hashtable with the same shape as the YAML (keys ignore case, as in any
        /// PowerShell hashtable). Relative <c>file:</c> paths start at <paramref name="baseDirectory"/>.
        /// </summary>
        public static LoadResult LoadObject(IDictionary definition, string baseDirectory)
        {
            Guard.NotNull(definition);
            var context = new ReadContext(SourceLocation.InlineDefinitionOrigin, Path.GetFullPath(Guard.NotNull(baseDirectory)), ignoreKeyCase: true);
            return Finish(ObjectTreeReader.Read(definition, context), WorkflowName.InlineDefault, context);
        }

        /// <summary>
        /// The file's text, decoded like <see cref="File.ReadAllText(string)"/> (a byte order mark picks the encoding,
        /// else UTF-8); null when it holds more than <see cref="LoadLimits.MaxFileBytes"/>. Reads at most one byte past
        /// the limit, so neither a huge file nor an endless one (a device, a pipe) is taken into memory.
        /// </summary>
        private static string? ReadBounded(string fullPath)
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            if (stream.CanSeek && stream.Length > LoadLimits.MaxFileBytes)
            {
                return null;
            }

            var buffer = new byte[Math.Min(LoadLimits.MaxFileBytes + 1, stream.CanSeek ? stream.Length + 1 : 64 * 1024)];
            int length = 0;
            while (length <= LoadLimits.MaxFileBytes)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(LoadLimits.MaxFileBytes + 1, (long)buffer.Length * 2));
                }

                int read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > LoadLimits.MaxFileBytes)
            {
                return null;
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        private static LoadResult TooLarge(string fullPath, string unit)
        {
            var message = $"The workflow file is larger than {LoadLimits.MaxFileBytes:N0} {unit}, DagRunner's limit; it was not read. A workflow of 2,000 nodes is about 400 KB: split the file, or keep large data in files its nodes read.";
            var tooLarge = Diagnostic.Error(DiagnosticIds.WorkflowFileTooLarge, new SourceLocation(fullPath, 1, 1), message);
            return new LoadResult(null, new[] { tooLarge }, fullPath);
        }

        private static LoadResult Finish(RawNode? root, string defaultName, ReadContext context)
        {
            var workflow = root == null ? null : WorkflowReader.Read(root, defaultName, context);
            if (workflow != null)
            {
                WorkflowValidator.Validate(workflow, context.Diagnostics);
            }

            return new LoadResult(workflow, context.Diagnostics, context.SourcePath);
        }
    }
}
