using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DagRunner.Engine.Definition;

namespace DagRunner.PowerShell
{
    /// <summary>Tab completion for <c>-Parallelism</c>: the named levels (any positive integer is valid too).</summary>
    public sealed class ParallelismCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var descriptions = new Dictionary<string, string>
            {
                ["Low"] = "2 nodes at once",
                ["Medium"] = $"processor count ({Environment.ProcessorCount}) nodes at once",
                ["High"] = $"4 × processor count ({4 * Environment.ProcessorCount}) nodes at once",
                ["Unlimited"] = "no cap of DagRunner's own (default)",
            };
            return ParallelismSetting.Names
                .Where(n => n.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, descriptions[n]));
        }
    }
}
