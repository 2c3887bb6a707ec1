using System;

namespace DagRunner.Engine.Planning
{
    /// <summary>
    /// A node named with <c>-Node</c> is not in the workflow. The message names the nearest existing id,
    /// or lists the valid ones.
    /// </summary>
    public sealed class UnknownNodeException : ArgumentException
    {
        public UnknownNodeException(string nodeName, string workflowName, string suggestion)
            : base($"Workflow '{workflowName}' has no node '{nodeName}'.{suggestion}")
        {
            NodeName = nodeName;
            Suggestion = suggestion;
        }

        /// <summary>The name as the caller wrote it.</summary>
        public string NodeName { get; }

        /// <summary>" Did you mean 'x'?" or " Valid node ids: ..."; empty when the workflow has no nodes.</summary>
        public string Suggestion { get; }
    }
}
