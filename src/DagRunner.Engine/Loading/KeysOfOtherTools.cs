using System;
using System.Collections.Generic;
using System.Linq;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// What the keys of the tools our users come from (GitHub Actions, Azure Pipelines, Argo Workflows, docker compose,
    /// GitLab CI) are called here, for the unknown-key error: 'dependsOn' is no typo of 'needs', so the edit distance
    /// that finds 'neeeds' finds nothing for it. Compared without case, '-' or '_'.
    /// </summary>
    internal static class KeysOfOtherTools
    {
        private const string Steps = " A node runs one script: put the steps in one 'run: |' block, or make each step a node.";
        private const string Attempts = " It counts attempts, the first included: 2 retries is 'retry: 3'.";
        private const string Unit = " Give it a unit, such as 'timeout: 10m'.";
        private const string FanOut = " A node fans out with 'foreach: [a, b]': one instance per item, $Item in its script.";
        private const string Environment = " Each is a PowerShell variable in every node ($NAME); a script that needs an environment variable sets $env:NAME itself.";
        private const string Nodes = " A workflow is a mapping of nodes, each with its 'needs:' and one 'run:'.";

        private static readonly Dictionary<string, (string Ours, string Note)> Keys = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["dependson"] = ("needs", string.Empty),
            ["dependencies"] = ("needs", string.Empty),
            ["depends"] = ("needs", string.Empty),
            ["requires"] = ("needs", string.Empty),
            ["after"] = ("needs", string.Empty),
            ["script"] = ("run", string.Empty),
            ["command"] = ("run", string.Empty),
            ["commands"] = ("run", string.Empty),
            ["cmd"] = ("run", string.Empty),
            ["shell"] = ("run", string.Empty),
            ["pwsh"] = ("run", string.Empty),
            ["powershell"] = ("run", string.Empty),
            ["steps"] = ("run", Steps),
            ["retries"] = ("retry", Attempts),
            ["retrycount"] = ("retry", Attempts),
            ["maxretries"] = ("retry", Attempts),
            ["timeoutminutes"] = ("timeout", Unit),
            ["timeoutinminutes"] = ("timeout", Unit),
            ["timeoutseconds"] = ("timeout", Unit),
            ["activedeadlineseconds"] = ("timeout", Unit),
            ["condition"] = ("if", string.Empty),
            ["env"] = ("variables", Environment),
            ["environment"] = ("variables", Environment),
            ["withitems"] = ("foreach", FanOut),
            ["withparam"] = ("foreach", FanOut),
            ["loop"] = ("foreach", FanOut),
            ["matrix"] = ("foreach", FanOut),
            ["strategy"] = ("foreach", FanOut),
            ["jobs"] = ("nodes", Nodes),
            ["tasks"] = ("nodes", Nodes),
            ["stages"] = ("nodes", Nodes),
        };

        /// <summary>
        /// " 'dependsOn' is written 'needs' here." when <paramref name="key"/> is another tool's name for a key in
        /// <paramref name="known"/>; for an <c>env:</c> where there is no <c>variables:</c> (a node), where to set it;
        /// else null.
        /// </summary>
        public static string? Hint(string key, IReadOnlyCollection<string> known)
        {
            var plain = new string(key.Where(c => c != '-' && c != '_').ToArray());
            if (!Keys.TryGetValue(plain, out var ours))
            {
                return null;
            }

            if (known.Contains(ours.Ours))
            {
                return $" '{key}' is written '{ours.Ours}' here.{ours.Note}";
            }

            return ours.Ours == "variables" && known.Contains("run")
                ? $" A node has no '{key}': set $env:NAME = 'value' in its script, or give the workflow top-level 'variables:' (PowerShell variables every node sees)."
                : null;
        }
    }
}
