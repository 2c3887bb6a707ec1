using System.IO;
using System.Text;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// A TextWriter that sends whole lines, each behind a prefix, to a writer shared with another stream (stdout and
    /// stderr of the warm pwsh share one socket). Lines from different threads never interleave inside a line.
    /// </summary>
    internal sealed class PrefixedLineWriter : TextWriter
    {
        private readonly string prefix;
        private readonly StreamWriter target;
        private readonly object gate;
        private readonly StringBuilder line = new StringBuilder();

        public PrefixedLineWriter(string prefix, StreamWriter target, object gate)
        {
            this.prefix = prefix;
            this.target = target;
            this.gate = gate;
        }

        public override Encoding Encoding => target.Encoding;

        public override void Write(char value)
        {
            lock (gate)
            {
                if (value == '\n')
                {
                    SendLine();
                }
                else
                {
                    line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            if (value == null)
            {
                return;
            }

            lock (gate)
            {
                foreach (var c in value)
                {
                    if (c == '\n')
                    {
                        SendLine();
                    }
                    else
                    {
                        line.Append(c);
                    }
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (gate)
            {
                Write(value);
                SendLine();
            }
        }

        /// <summary>Sends a partial line, if any, as a line of its own.</summary>
        public override void Flush()
        {
            lock (gate)
            {
                if (line.Length > 0)
                {
                    SendLine();
                }
            }
        }

        private void SendLine()
        {
            if (line.Length > 0 && line[line.Length - 1] == '\r')
            {
                line.Length--;
            }

            target.Write(prefix);
            target.Write(line.ToString());
            target.Write('\n');
            target.Flush();
            line.Clear();
        }
    }
}
