using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Scheduling
{
    /// <summary>
    /// <c>-Parameters</c> entries that look misspelt: no script can read them (not a variable of the workflow, and no
    /// script mentions the name, found as generously as <see cref="ScriptVariables"/> finds them for the definition hash),
    /// and the name is close to one that is. A parameter may add a variable, and a build may pass the same ones to every
    /// workflow (<c>Configuration</c>), so an unread name alone says nothing; a misspelt one (<c>enviroment</c>) adds a
    /// variable nobody reads and leaves the one meant at its default: deploying to 'dev' when 'prod' was asked for.
    /// </summary>
    internal static class UnreadParameters
    {
        /// <summary>Each parameter no script can read that is close to a name one can (a variable, or a name a script mentions), with that name.</summary>
        public static IReadOnlyList<(string Name, string Meant)> Find(WorkflowDefinition workflow, IReadOnlyDictionary<string, object?>? parameters)
        {
            var added = parameters?.Keys.Where(name => !workflow.Variables.ContainsKey(name)).ToList();
            if (added == null || added.Count == 0)
            {
                return Array.Empty<(string, string)>();
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            ScriptVariables.CollectShared(workflow.Shared, ReadOrNull(workflow.Shared.ResolvedSetupFile), names);
            foreach (var node in workflow.Nodes)
            {
                ScriptVariables.CollectNode(node, ReadOrNull(node.ResolvedFile), names);
            }

            if (names.Contains(ScriptVariables.All))
            {
                return Array.Empty<(string, string)>();
            }

            var readable = workflow.Variables.Keys.Concat(names).ToList();
            return added
                .Where(name => !names.Contains(name))
                .Select(name => (Name: name, Meant: NearestName.Find(name, readable)))
                .Where(found => found.Meant != null)
                .Select(found => (found.Name, found.Meant!))
                .ToList();
        }

        /// <summary>The warning for one of <see cref="Find"/>'s parameters.</summary>
        public static string Describe(string name, string meant, string workflowName)
            => $"Parameter '{name}' is read by no script of workflow '{workflowName}': it is not one of its variables, and no script mentions ${name}. Did you mean '{meant}'? That one keeps its value.";

        private static string? ReadOrNull(string? path)
        {
            try
            {
                return path == null ? null : File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null; // validation reports a script file it cannot read
            }
        }
    }
}
