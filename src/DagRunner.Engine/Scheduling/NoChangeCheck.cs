using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// After a run: would the same command, run again now, run nothing? Answered with the engine's own rules, not a
    /// copy of them: a new run (Invoke-Dag) asks the incremental state whether every planned node is UpToDate, a
    /// resume asks the <see cref="ResumePlanner"/> whether there is nothing to resume. When the answer is yes it gives
    /// the file-system facts the answer rested on (<see cref="FileEvidence"/>): while they all hold, the answer holds,
    /// so a caller such as the MSBuild task can skip starting PowerShell without deciding anything itself.
    /// </summary>
    /// <remarks>
    /// The facts: the workflow file, every node's and setup's script file, module paths, the engine's own assembly,
    /// every input file's content and every folder its globs listed, one file per output glob, and the state files the
    /// rule reads (the incremental state; for a resume the checkpoint and its journal). A new run qualifies only when
    /// every planned node has <c>inputs:</c> or <c>outputs:</c>, none has <c>if:</c> (its answer can change with nothing
    /// on disk changing) and none is a <c>foreach</c>.
    /// </remarks>
    internal static class NoChangeCheck
    {
        /// <summary>The facts, and the nodes as the next run would report them; null with <paramref name="whyNot"/> when something would run.</summary>
        /// <param name="unlistedFolders">Folders whose listings change with every run (the state folder, the record's): see <see cref="EvidenceSet"/>.</param>
        public static NoChangeEvidence? After(
            WorkflowRunner runner, DagRunResult result, bool resume, string checkpointPath, string incrementalPath, IncrementalState? incremental, string[] unlistedFolders, out string? whyNot)
        {
            var facts = new EvidenceSet(unlistedFolders);
            var nodes = resume
                ? ForResume(runner, result, checkpointPath, facts, out whyNot)
                : ForNewRun(runner, incrementalPath, incremental, facts, out whyNot);
            if (nodes == null)
            {
                return null;
            }

            AddDefinitionFiles(runner.Context.Workflow, runner.Plan, facts);
            return new NoChangeEvidence(runner.RunId, nodes, facts.Facts.ToList());
        }

        private static IReadOnlyList<NodeResult>? ForNewRun(WorkflowRunner runner, string incrementalPath, IncrementalState? incremental, EvidenceSet facts, out string? whyNot)
        {
            whyNot = null;
            if (incremental == null)
            {
                whyNot = "the run kept no incremental state";
                return null;
            }

            var baseDirectory = runner.Context.Workflow.BaseDirectory;
            var outputs = new Dictionary<string, object?[]>(StringComparer.OrdinalIgnoreCase);
            var nodes = new List<NodeResult>();
            foreach (var planned in runner.Plan.Nodes)
            {
                var node = planned.Definition;
                whyNot = !node.IsIncremental ? $"node '{node.Id}' has no inputs: or outputs:, so it runs every time"
                    : node.Condition != null ? $"node '{node.Id}' has if:, which can change without any file changing"
                    : node.ForEach != null ? $"node '{node.Id}' is a foreach"
                    : null;
                if (whyNot != null)
                {
                    return null;
                }

                var needs = planned.Needs.ToDictionary(n => n, n => NodeResult.NeedsValueOf(outputs[n]), StringComparer.OrdinalIgnoreCase);
                var inputs = FileGlobs.Snapshot(baseDirectory, node.Inputs, facts);
                var fingerprint = IncrementalState.FingerprintOf(node, needs, baseDirectory, runner.Context.Variables, inputs.Hash);
                var kept = FileGlobs.AllExist(baseDirectory, node.Outputs, facts) ? incremental.UpToDateOutput(node, fingerprint) : null;
                if (kept == null)
                {
                    whyNot = $"node '{node.Id}' would run again (its inputs, outputs or definition differ from its last success)";
                    return null;
                }

                outputs[node.Id] = kept;
                nodes.Add(new NodeResult(node.Id) { Status = NodeStatus.Succeeded, Reason = NodeReason.UpToDate, Output = kept });
            }

            facts.Add(FileEvidence.OfFile(incrementalPath));
            return nodes;
        }

        private static IReadOnlyList<NodeResult>? ForResume(WorkflowRunner runner, DagRunResult result, string checkpointPath, EvidenceSet facts, out string? whyNot)
        {
            whyNot = null;
            if (result.Status != DagRunStatus.Succeeded)
            {
                whyNot = $"the run ended {result.Status}";
                return null;
            }

            // Read back as the next resume will, with the rule it will use.
            var checkpoint = CheckpointReader.Read(checkpointPath);
            var workflow = runner.Context.Workflow;
            var hashes = runner.DefinitionHashes ?? DefinitionHash.ForNodes(workflow.Nodes, runner.Context.Variables); // hashed once, at the run's start
            var plan = ResumePlanner.Decide(runner.Plan, checkpoint, hashes, rerun: null, node => FileGlobs.Snapshot(workflow.BaseDirectory, node.Inputs, facts));
            if (!plan.NothingToResume)
            {
                var first = plan.Decisions.FirstOrDefault(d => !d.Restore);
                whyNot = first == null ? $"the checkpoint says {checkpoint.Status}" : $"node '{first.Node.Name}' would run again ({first.Reason})";
                return null;
            }

            facts.Add(FileEvidence.OfFile(checkpointPath));
            facts.Add(FileEvidence.OfFile(CheckpointPaths.Journal(checkpointPath)));
            return result.Nodes.Select(n => new NodeResult(n.Name) { Status = NodeStatus.Succeeded, Reason = NodeReason.Resumed, Output = n.Output }).ToList();
        }

        /// <summary>What the definition hashes read, and the engine itself: a new DagRunner may decide otherwise.</summary>
        private static void AddDefinitionFiles(WorkflowDefinition workflow, ExecutionPlan plan, EvidenceSet facts)
        {
            if (!string.IsNullOrEmpty(workflow.SourcePath) && File.Exists(workflow.SourcePath))
            {
                facts.Add(FileEvidence.OfFile(workflow.SourcePath));
            }

            foreach (var file in plan.Nodes.Select(n => n.Definition.ResolvedFile).Where(f => f != null))
            {
                facts.Add(FileEvidence.OfFile(file!));
            }

            if (workflow.Shared.ResolvedSetupFile != null)
            {
                facts.Add(FileEvidence.OfFile(workflow.Shared.ResolvedSetupFile));
            }

            foreach (var module in workflow.Shared.Modules.Where(m => m.Path != null))
            {
                facts.Add(File.Exists(module.Path) ? FileEvidence.OfFile(module.Path!) : FileEvidence.Exists(module.Path!));
            }

            var engine = typeof(NoChangeCheck).Assembly.Location;
            if (!string.IsNullOrEmpty(engine))
            {
                facts.Add(FileEvidence.OfFile(engine));
            }
        }
    }

    /// <summary>A "nothing would run" answer: the run it follows, the nodes as the next run would report them, and the facts it rests on.</summary>
    internal sealed class NoChangeEvidence
    {
        public NoChangeEvidence(string runId, IReadOnlyList<NodeResult> nodes, IReadOnlyList<FileEvidence> facts)
        {
            RunId = runId;
            Nodes = nodes;
            Facts = facts;
        }

        public string RunId { get; }

        public IReadOnlyList<NodeResult> Nodes { get; }

        public IReadOnlyList<FileEvidence> Facts { get; }
    }
}
