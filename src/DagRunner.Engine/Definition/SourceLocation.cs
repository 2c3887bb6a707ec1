using System;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// Where a value came from: a file with a 1-based line and column, or, for an inline
    /// <c>-Definition</c> hashtable, the key path inside it (line 0).
    /// </summary>
    public readonly struct SourceLocation : IEquatable<SourceLocation>
    {
        /// <summary>The origin used for values read from an inline <c>-Definition</c> hashtable.</summary>
        public const string InlineDefinitionOrigin = "-Definition";

        public SourceLocation(string file, int line, int column, string? keyPath = null)
        {
            File = file ?? string.Empty;
            Line = line;
            Column = column;
            KeyPath = keyPath;
        }

        /// <summary>The workflow file (full path), or <see cref="InlineDefinitionOrigin"/>.</summary>
        public string File { get; }

        /// <summary>1-based line; 0 when the value has no line (inline definition).</summary>
        public int Line { get; }

        /// <summary>1-based column; 0 when unknown.</summary>
        public int Column { get; }

        /// <summary>Dotted key path such as <c>nodes.build.needs</c>, when known.</summary>
        public string? KeyPath { get; }

        public bool HasPosition => Line > 0;

        /// <summary>A location pointing <paramref name="lineOffset"/> lines and <paramref name="columnOffset"/> columns further.</summary>
        public SourceLocation Offset(int lineOffset, int columnOffset)
            => HasPosition ? new SourceLocation(File, Line + lineOffset, Column + columnOffset, KeyPath) : this;

        /// <summary>The canonical form compilers, MSBuild and VS Code problem matchers read: <c>file(line,col)</c>.</summary>
        public override string ToString()
        {
            if (HasPosition)
            {
                return Column > 0 ? $"{File}({Line},{Column})" : $"{File}({Line})";
            }

            return string.IsNullOrEmpty(KeyPath) ? File : $"{File} {KeyPath}";
        }

        public bool Equals(SourceLocation other)
            => string.Equals(File, other.File, StringComparison.Ordinal) && Line == other.Line && Column == other.Column
               && string.Equals(KeyPath, other.KeyPath, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is SourceLocation other && Equals(other);

        public override int GetHashCode() => (File.GetHashCode() * 397) ^ (Line * 31) ^ Column;
    }
}
