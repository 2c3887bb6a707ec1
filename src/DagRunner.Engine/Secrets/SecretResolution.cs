using System.Collections.Generic;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Secrets
{
    /// <summary>The secrets' values, or the problems that must stop the run before any node starts.</summary>
    internal sealed class SecretResolution
    {
        internal SecretResolution(IReadOnlyDictionary<string, string> values, IReadOnlyList<Diagnostic> problems)
        {
            Values = values;
            Problems = problems;
        }

        /// <summary>The value of each secret found, by name (case-insensitive). Never print these.</summary>
        public IReadOnlyDictionary<string, string> Values { get; }

        /// <summary>One error per secret not found or refused (DAG0042, DAG0043, DAG0044).</summary>
        public IReadOnlyList<Diagnostic> Problems { get; }

        public bool Succeeded => Problems.Count == 0;
    }
}
