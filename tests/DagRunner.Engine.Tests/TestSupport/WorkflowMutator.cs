using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// Seeded mutations of real workflow files, the engine-level twin of tests/Fuzz/DagFuzz.psm1 (same kinds):
    /// delete, duplicate and swap lines, change indentation, truncate, insert random characters and raw bytes,
    /// anchors and aliases (a small billion-laughs chain too), deep nesting, huge scalars, wrong values, and lines
    /// spliced from another seed. One <see cref="Random"/> drives it all, so a seed gives the same mutants everywhere.
    /// </summary>
    internal sealed class WorkflowMutator
    {
        private static readonly string[] Kinds = { "DeleteLine", "DuplicateLine", "SwapLines", "Indent", "Truncate", "RandomBytes", "Anchors", "DeepNesting", "HugeScalar", "WrongValue", "Splice" };

        private static readonly string[] Tokens =
        {
            ":", " ", "-", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "#", "\t", "\r", "\0", "---", "...", "<<", "? ",
            "$(", "${", "nodes", "needs", "run", "file", "&a", "*a", "!!binary", "\uFEFF", "\u2028", "\uD800",
        };

        private static readonly string[] Values =
        {
            "~", "null", "true", "yes", "0x1F", "1e400", "-0", ".nan", "[]", "{}", "[a, [b]]", "{ a: { b: c } }", "''", "\"\\u0000\"", "*nothing", "&x",
            "!!str 5", "10m", "0ms", "-1", "99999999999999999999", "a -> b",
        };

        private readonly Random random;
        private readonly IReadOnlyList<string> seeds;

        public WorkflowMutator(int seed, IReadOnlyList<string> seeds)
        {
            random = new Random(seed);
            this.seeds = seeds;
        }

        /// <summary>The seed workflows: the examples, the MSBuild samples and tests/Fuzz/seeds, in name order.</summary>
        public static IReadOnlyList<(string Name, string Text)> LoadSeeds()
        {
            var root = RepositoryRoot();
            var files = Directory.GetFiles(Path.Combine(root, "module", "examples"), "*.dag.yaml")
                .Concat(Directory.GetFiles(Path.Combine(root, "tests", "MSBuild", "Sample"), "*.dag.yaml"))
                .Concat(Directory.GetFiles(Path.Combine(root, "tests", "Fuzz", "seeds")))
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal);
            return files.Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
        }

        public static string RepositoryRoot()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null && !File.Exists(Path.Combine(folder.FullName, "DagRunner.slnx")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("DagRunner.slnx not found above " + AppContext.BaseDirectory);
        }

        /// <summary>One mutant: a random seed with one to three mutations, as the bytes of a file, and what was done.</summary>
        public (int Seed, byte[] Bytes, string Mutations) Next()
        {
            int seed = random.Next(seeds.Count);
            var text = seeds[seed];
            var done = new List<string>();
            int count = 1 + random.Next(3);
            for (int i = 0; i < count; i++)
            {
                var kind = Kinds[random.Next(Kinds.Length)];
                text = Mutate(kind, text);
                done.Add(kind);
            }

            var bytes = new List<byte>(new UTF8Encoding(false, false).GetBytes(text));
            if (random.Next(8) == 0)
            {
                var raw = new byte[1 + random.Next(8)];
                random.NextBytes(raw);
                bytes.InsertRange(random.Next(bytes.Count + 1), raw);
                done.Add("RawBytes");
            }

            return (seed, bytes.ToArray(), string.Join("+", done));
        }

        private string Mutate(string kind, string text)
        {
            var lines = text.Split('\n').ToList();
            int Pick() => random.Next(Math.Max(1, lines.Count));
            switch (kind)
            {
                case "DeleteLine":
                    if (lines.Count > 1)
                    {
                        lines.RemoveAt(Pick());
                    }

                    break;
                case "DuplicateLine":
                    var d = Pick();
                    lines.Insert(d, lines[d]);
                    break;
                case "SwapLines":
                    int a = Pick(), b = Pick();
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    break;
                case "Indent":
                    var n = Pick();
                    lines[n] = random.Next(4) switch
                    {
                        0 => new string(' ', 1 + random.Next(4)) + lines[n],
                        1 => lines[n].TrimStart(),
                        2 => "\t" + lines[n],
                        _ => lines[n].StartsWith("  ", StringComparison.Ordinal) ? lines[n].Substring(2) : lines[n],
                    };
                    break;
                case "Truncate":
                    return text.Substring(0, random.Next(text.Length + 1));
                case "RandomBytes":
                    var insert = new StringBuilder();
                    int pieces = 1 + random.Next(6);
                    for (int i = 0; i < pieces; i++)
                    {
                        insert.Append(random.Next(2) == 1 ? Tokens[random.Next(Tokens.Length)] : ((char)random.Next(0, 0x3000)).ToString());
                    }

                    return text.Insert(random.Next(text.Length + 1), insert.ToString());
                case "Anchors":
                    Anchors(lines, Pick());
                    break;
                case "DeepNesting":
                    int depth = 50 + random.Next(400);
                    bool list = random.Next(2) == 1;
                    var at = Pick();
                    var closing = random.Next(3) > 0 ? Repeat(list ? "]" : "}", depth) : string.Empty;
                    lines[at] = lines[at].TrimEnd(' ') + " " + Repeat(list ? "[" : "{a: ", depth) + "1" + closing;
                    break;
                case "HugeScalar":
                    var h = Pick();
                    var big = new string((char)('a' + random.Next(26)), 1000 + random.Next(300_000));
                    lines[h] = ReplaceValue(lines[h], big);
                    break;
                case "WrongValue":
                    var w = Pick();
                    lines[w] = ReplaceValue(lines[w], Values[random.Next(Values.Length)]);
                    break;
                case "Splice":
                    var other = seeds[random.Next(seeds.Count)].Split('\n');
                    int from = random.Next(other.Length), take = 1 + random.Next(6);
                    lines.InsertRange(Pick(), other.Skip(from).Take(take));
                    break;
            }

            return string.Join("\n", lines);
        }

        private void Anchors(List<string> lines, int at)
        {
            int colon = lines[at].IndexOf(':');
            switch (random.Next(4))
            {
                case 0:
                    if (colon >= 0)
                    {
                        lines[at] = lines[at].Substring(0, colon + 1) + " &a" + lines[at].Substring(colon + 1);
                    }

                    break;
                case 1:
                    lines[at] = ReplaceValue(lines[at], "*a");
                    break;
                case 2:
                    lines[at] = ReplaceValue(lines[at], "&a [*a]");
                    break;
                default:
                    lines.Add("bomb:");
                    lines.Add("  l0: &l0 [x, x, x, x, x, x, x, x, x, x]");
                    int levels = 2 + random.Next(8);
                    for (int l = 1; l <= levels; l++)
                    {
                        lines.Add($"  l{l}: &l{l} [" + string.Join(", ", Enumerable.Repeat($"*l{l - 1}", 10)) + "]");
                    }

                    break;
            }
        }

        private static string ReplaceValue(string line, string value)
        {
            int colon = line.IndexOf(':');
            return colon >= 0 ? line.Substring(0, colon + 1) + " " + value : line + " " + value;
        }

        private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
    }
}
