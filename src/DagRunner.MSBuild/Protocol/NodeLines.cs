using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Utilities;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// Where each node is declared in the workflow file, and the node warnings that wait for it. A node's warnings
    /// arrive before its position does (only nodeStarted/nodeFinished carry its line), so they are held back until the
    /// node's line is known, or until the run ends, and then logged at that line so an IDE can jump to the node.
    /// </summary>
    internal sealed class NodeLines
    {
        private readonly TaskLoggingHelper log;
        private readonly Dictionary<string, NodePosition> positions = new Dictionary<string, NodePosition>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<PendingWarning>> pending = new Dictionary<string, List<PendingWarning>>(StringComparer.Ordinal);

        public NodeLines(TaskLoggingHelper log)
        {
            this.log = log;
        }

        /// <summary>The node's position, or the file with no line when it was never told.</summary>
        public NodePosition Of(string node, string file)
            => positions.TryGetValue(node, out var known) ? known : new NodePosition(file, 0, 0);

        /// <summary>Remembers the node's line and column when the event has them (line &gt; 0).</summary>
        public void Remember(string node, string file, int line, int column)
        {
            if (line > 0)
            {
                positions[node] = new NodePosition(file, line, column);
            }
        }

        /// <summary>A warning at the node's line; held back until the node's line is known.</summary>
        public void Warn(string node, string code, string message)
        {
            if (positions.TryGetValue(node, out var position))
            {
                log.LogWarning(null, code, null, position.File, position.Line, position.Column, 0, 0, message);
                return;
            }

            if (!pending.TryGetValue(node, out var list))
            {
                pending[node] = list = new List<PendingWarning>();
            }

            list.Add(new PendingWarning(code, message));
        }

        /// <summary>Logs the node's held-back warnings at its line (or at <paramref name="file"/> when it has none).</summary>
        public void Flush(string node, string file)
        {
            if (!pending.TryGetValue(node, out var list))
            {
                return;
            }

            pending.Remove(node);
            var position = Of(node, file);
            foreach (var warning in list)
            {
                log.LogWarning(null, warning.Code, null, position.File, position.Line, position.Column, 0, 0, warning.Message);
            }
        }

        /// <summary>Logs every warning still held back (nodes that never finished, a stopped run).</summary>
        public void FlushAll(string file)
        {
            foreach (var node in pending.Keys.ToList())
            {
                Flush(node, file);
            }
        }

        internal readonly struct NodePosition
        {
            public NodePosition(string file, int line, int column)
            {
                File = file;
                Line = line;
                Column = column;
            }

            public string File { get; }

            public int Line { get; }

            public int Column { get; }
        }

        private readonly struct PendingWarning
        {
            public PendingWarning(string code, string message)
            {
                Code = code;
                Message = message;
            }

            public string Code { get; }

            public string Message { get; }
        }
    }
}
