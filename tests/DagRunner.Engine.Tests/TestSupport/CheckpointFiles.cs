using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A temp folder with a checkpoint path in it, and builders for headers and node results.</summary>
    internal sealed class CheckpointFiles : IDisposable
    {
        public static readonly DateTime T0 = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

        private readonly TempDirectory folder = new TempDirectory();

        public CheckpointFiles()
        {
            Path = System.IO.Path.Combine(folder.Path, ".dagrunner", "test.checkpoint.json");
        }

        public string Path { get; }

        public string Journal => CheckpointPaths.Journal(Path);

        public string Folder => folder.Path;

        public static CheckpointHeader Header(string runId = "run-1", string workflow = "test", params string[] nodes)
            => new CheckpointHeader
            {
                RunId = runId,
                WorkflowName = workflow,
                WorkflowPath = "/repo/test.dag.yaml",
                WorkflowHash = "workflow-hash",
                StartTime = T0,
                Nodes = nodes.Select(n => new KeyValuePair<string, string>(n, "hash-" + n)).ToList(),
            };

        public static NodeResult Result(string name, NodeStatus status = NodeStatus.Succeeded, params object?[] output)
            => new NodeResult(name)
            {
                Status = status,
                Attempts = 1,
                StartTime = T0.AddSeconds(1),
                EndTime = T0.AddSeconds(2),
                Output = output,
            };

        public CheckpointWriter StartNew(params string[] nodes) => CheckpointWriter.StartNew(Path, Header(nodes: nodes), fsync: false);

        public CheckpointState Read() => CheckpointReader.Read(Path);

        /// <summary>The journal's records: the file up to its first zero byte, as readers take it (a live writer's reserved space is zeros).</summary>
        public byte[] JournalBytes()
        {
            var bytes = File.ReadAllBytes(Journal);
            return bytes.Take(JournalFile.RecordsEnd(bytes)).ToArray();
        }

        public string[] JournalLines()
        {
            var lines = new List<string>();
            using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(JournalBytes()));
            for (var line = reader.ReadLine(); line != null; line = reader.ReadLine())
            {
                lines.Add(line);
            }

            return lines.ToArray();
        }

        public void Dispose() => folder.Dispose();
    }
}
