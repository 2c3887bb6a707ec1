using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>One build's run in the warm pwsh: what it asked for, and the writers its output goes to.</summary>
    public sealed class SpareSession : IDisposable
    {
        private readonly Stream pipe;
        private readonly StreamWriter writer;
        private readonly object gate = new object();
        private bool finished;

        internal SpareSession(Stream pipe, StreamWriter writer, Dictionary<string, object?> request)
        {
            this.pipe = pipe;
            this.writer = writer;
            WorkingDirectory = request.TryGetValue("cwd", out var cwd) ? cwd as string ?? string.Empty : string.Empty;
            Variables = ToHashtable(request.TryGetValue("variables", out var variables) ? variables : null);
            Arguments = ToHashtable(request.TryGetValue("arguments", out var arguments) ? arguments : null);
            Out = new PrefixedLineWriter("o ", writer, gate);
            Error = new PrefixedLineWriter("e ", writer, gate);
        }

        /// <summary>The folder a fresh pwsh would have started in (the project's).</summary>
        public string WorkingDirectory { get; }

        /// <summary>Environment variables set for this run only (the no-change record's path).</summary>
        public Hashtable Variables { get; }

        /// <summary>The runner script's parameters: strings, and true for switches.</summary>
        public Hashtable Arguments { get; }

        /// <summary>Stdout: give to Console.SetOut.</summary>
        public TextWriter Out { get; }

        /// <summary>Stderr: give to Console.SetError.</summary>
        public TextWriter Error { get; }

        /// <summary>Sends what is left of a partial line and the exit code, and closes the connection.</summary>
        public void Finish(int exitCode)
        {
            lock (gate)
            {
                if (finished)
                {
                    return;
                }

                finished = true;
                try
                {
                    Out.Flush();
                    Error.Flush();
                    writer.WriteLine("x " + exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.Flush();
                }
                catch (IOException)
                {
                    // The build is gone; nobody is left to tell.
                }
            }

            pipe.Dispose();
        }

        public void Dispose() => Finish(1);

        private static Hashtable ToHashtable(object? value)
        {
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (value is Dictionary<string, object?> fields)
            {
                foreach (var field in fields)
                {
                    table[field.Key] = field.Value;
                }
            }

            return table;
        }
    }
}
