using System.Collections;

namespace DagRunner.Engine.Execution
{
    /// <summary><c>$Dag</c> inside a node: the run it belongs to and which attempt this is.</summary>
    public sealed class DagContext
    {
        public DagContext(string name, string runId, Hashtable variables, string workflowPath, string workflowDirectory, string node, int attempt, bool isFallback = false, object? lastError = null)
        {
            IsFallback = isFallback;
            LastError = lastError;
            Name = name;
            RunId = runId;
            Variables = variables;
            WorkflowPath = workflowPath;
            WorkflowDirectory = workflowDirectory;
            Node = node;
            Attempt = attempt;
        }

        /// <summary>The workflow's name.</summary>
        public string Name { get; }

        public string RunId { get; }

        /// <summary>The run's variables (after <c>-Parameters</c>), case-insensitive.</summary>
        public Hashtable Variables { get; }

        public string WorkflowPath { get; }

        public string WorkflowDirectory { get; }

        /// <summary>The id of the node this script belongs to.</summary>
        public string Node { get; }

        /// <summary>1 for the first attempt; in the fallback, the number of the last failed attempt.</summary>
        public int Attempt { get; }

        /// <summary>True while the node's <c>fallback:</c> script runs.</summary>
        public bool IsFallback { get; }

        /// <summary>What failed the previous attempt (an ErrorRecord); null on the first attempt.</summary>
        public object? LastError { get; }

        public override string ToString() => $"{Name}/{Node} (run {RunId}, attempt {Attempt})";
    }
}
