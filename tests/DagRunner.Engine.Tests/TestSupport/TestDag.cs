using System;
using System.Collections.Generic;
using System.Linq;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// Builds workflow definitions from one string per node, in file order:
    /// <c>"id"</c>, <c>"id:need1,need2"</c>, then optional words <c>when=always</c>, <c>priority=5</c>, <c>continueOnError</c>,
    /// <c>retry=3</c>, <c>delay=2s</c>, <c>backoff=exponential</c>, <c>maxDelay=10s</c>, <c>jitter</c>, <c>timeout=5s</c>, <c>fallback</c>, <c>pool=db</c>,
    /// <c>foreach=a|b|c</c> (items; <c>foreach=</c> for none), <c>foreachExpr=$Needs.x</c>, <c>parallelism=2</c>.
    /// Example: <c>Dag("a", "b:a", "c:a,b when=always")</c>.
    /// </summary>
    internal static class TestDag
    {
        public const string File = "/tmp/test.dag.yaml";

        public static WorkflowDefinition Dag(params string[] specs) => Dag("test", specs);

        public static WorkflowDefinition Dag(string name, string[] specs, Action<WorkflowBuilder>? configure = null)
        {
            var builder = new WorkflowBuilder(name);
            configure?.Invoke(builder);
            return builder.Build(specs.Select(Parse));
        }

        public static WorkflowDefinition Chain(int count)
            => Dag("chain", Enumerable.Range(0, count).Select(i => i == 0 ? "n0" : $"n{i}:n{i - 1}").ToArray());

        public static WorkflowDefinition Wide(int count)
            => Dag("wide", Enumerable.Range(0, count).Select(i => $"n{i}").ToArray());

        private static Func<int, NodeDefinition> Parse(string spec)
        {
            var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var head = words[0].Split(':');
            var id = head[0];
            var needs = head.Length > 1 ? head[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
            var when = TriggerRule.Success;
            int priority = 0;
            bool continueOnError = false;
            var retry = new RetrySpec();
            TimeSpan? timeout = null;
            ScriptSource? fallback = null;
            string? pool = null;
            ForEachSpec? forEach = null;
            int? nodeParallelism = null;
            var invalidates = Array.Empty<string>();
            var inputs = Array.Empty<string>();
            foreach (var word in words.Skip(1))
            {
                var kv = word.Split('=');
                switch (kv[0])
                {
                    case "when": when = Enum.Parse<TriggerRule>(kv[1], ignoreCase: true); break;
                    case "priority": priority = int.Parse(kv[1]); break;
                    case "continueOnError": continueOnError = true; break;
                    case "retry": retry = new RetrySpec { Attempts = int.Parse(kv[1]), Delay = retry.Delay, Backoff = retry.Backoff, MaxDelay = retry.MaxDelay, Jitter = retry.Jitter }; break;
                    case "delay": retry = new RetrySpec { Attempts = retry.Attempts, Delay = Duration(kv[1]), Backoff = retry.Backoff, MaxDelay = retry.MaxDelay, Jitter = retry.Jitter }; break;
                    case "backoff": retry = new RetrySpec { Attempts = retry.Attempts, Delay = retry.Delay, Backoff = Enum.Parse<BackoffKind>(kv[1], ignoreCase: true), MaxDelay = retry.MaxDelay, Jitter = retry.Jitter }; break;
                    case "maxDelay": retry = new RetrySpec { Attempts = retry.Attempts, Delay = retry.Delay, Backoff = retry.Backoff, MaxDelay = Duration(kv[1]), Jitter = retry.Jitter }; break;
                    case "jitter": retry = new RetrySpec { Attempts = retry.Attempts, Delay = retry.Delay, Backoff = retry.Backoff, MaxDelay = retry.MaxDelay, Jitter = true }; break;
                    case "timeout": timeout = Duration(kv[1]); break;
                    case "pool": pool = kv[1]; break;
                    case "foreach": forEach = new ForEachSpec(kv[1].Length == 0 ? Array.Empty<object?>() : kv[1].Split('|'), null, new SourceLocation(File, 1, 1)); break;
                    case "foreachExpr": forEach = new ForEachSpec(null, new ScriptSource(kv[1], new SourceLocation(File, 1, 1), false), new SourceLocation(File, 1, 1)); break;
                    case "parallelism": nodeParallelism = int.Parse(kv[1]); break;
                    case "invalidates": invalidates = kv[1].Split('|'); break;
                    case "inputs": inputs = kv[1].Split('|'); break;
                    case "fallback": fallback = new ScriptSource($"'{id} fallback'", new SourceLocation(File, 1, 1), isBlock: false); break;
                    default: throw new ArgumentException($"Unknown word '{word}' in '{spec}'.");
                }
            }

            return index => new NodeDefinition
            {
                Id = id,
                Index = index,
                Location = new SourceLocation(File, 10 + (index * 3), 3),
                Needs = needs.Select(n => new NodeReference(n, new SourceLocation(File, 11 + (index * 3), 12))).ToArray(),
                Run = new ScriptSource($"'{id}'", new SourceLocation(File, 12 + (index * 3), 10), isBlock: false),
                When = when,
                Priority = priority,
                ContinueOnError = continueOnError,
                Retry = retry,
                Timeout = timeout,
                Fallback = fallback,
                Pool = pool,
                ForEach = forEach,
                Parallelism = nodeParallelism,
                Invalidates = invalidates.Select(n => new NodeReference(n, new SourceLocation(File, 13 + (index * 3), 16))).ToArray(),
                Inputs = inputs,
            };
        }

        private static TimeSpan Duration(string text)
            => DurationText.TryParse(text, out var duration) ? duration : throw new ArgumentException($"Bad duration '{text}'.");

        internal sealed class WorkflowBuilder
        {
            private readonly string name;

            public WorkflowBuilder(string name) => this.name = name;

            public ParallelismSetting? Parallelism { get; set; }

            public ExecutionMode? Mode { get; set; }

            /// <summary>The workflow's <c>pools:</c>.</summary>
            public Dictionary<string, int> Pools { get; } = new Dictionary<string, int>();

            /// <summary>The workflow's top-level <c>timeout:</c> (the run's deadline).</summary>
            public TimeSpan? Timeout { get; set; }

            public Dictionary<string, object?> Variables { get; } = new Dictionary<string, object?>();

            /// <summary>Where <c>inputs:</c> globs start. <value>The default value is /tmp.</value></summary>
            public string BaseDirectory { get; set; } = "/tmp";

            public WorkflowDefinition Build(IEnumerable<Func<int, NodeDefinition>> nodes) => new WorkflowDefinition
            {
                Name = name,
                SourcePath = File,
                BaseDirectory = BaseDirectory,
                Parallelism = Parallelism,
                Mode = Mode,
                Timeout = Timeout,
                Pools = Pools,
                Variables = Variables,
                Nodes = nodes.Select((make, index) => make(index)).ToList(),
            };
        }
    }
}
