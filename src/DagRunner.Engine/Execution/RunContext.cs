using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Secrets;

namespace DagRunner.Engine.Execution
{
    /// <summary>What every node of one run shares: the workflow, the run id, the effective variables and the secrets.</summary>
    internal sealed class RunContext
    {
        private static readonly IReadOnlyDictionary<string, string> NoSecrets = new Dictionary<string, string>();

        public RunContext(WorkflowDefinition workflow, string runId, IReadOnlyDictionary<string, object?> variables, IReadOnlyDictionary<string, string>? secrets = null)
        {
            Workflow = workflow;
            RunId = runId;
            Variables = variables;
            Secrets = secrets ?? NoSecrets;
            Masker = Secrets.Count == 0 ? SecretMasker.None : new SecretMasker(Secrets.Values);
            NodeVariables = Secrets.Count == 0 ? variables : WithSecrets(variables, Secrets);
        }

        public WorkflowDefinition Workflow { get; }

        public string RunId { get; }

        /// <summary>
        /// The workflow's <c>variables:</c> with <c>-Parameters</c> applied on top; no secrets, so this is what
        /// definition hashes read: a secret's value never reaches a hash, the checkpoint or the history.
        /// </summary>
        public IReadOnlyDictionary<string, object?> Variables { get; }

        /// <summary>The value of each secret of <c>secrets:</c>, by name (case-insensitive).</summary>
        public IReadOnlyDictionary<string, string> Secrets { get; }

        /// <summary>What nodes see as variables (and in <c>$Dag.Variables</c>): <see cref="Variables"/> and the <see cref="Secrets"/>.</summary>
        public IReadOnlyDictionary<string, object?> NodeVariables { get; }

        /// <summary>Masks the <see cref="Secrets"/>' values in everything the run writes.</summary>
        public SecretMasker Masker { get; }

        private static IReadOnlyDictionary<string, object?> WithSecrets(IReadOnlyDictionary<string, object?> variables, IReadOnlyDictionary<string, string> secrets)
        {
            var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in variables)
            {
                merged[pair.Key] = pair.Value;
            }

            foreach (var pair in secrets)
            {
                merged[pair.Key] = pair.Value;
            }

            return new ReadOnlyDictionary<string, object?>(merged);
        }
    }
}
