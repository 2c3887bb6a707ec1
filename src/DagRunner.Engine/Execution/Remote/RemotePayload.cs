using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// What travels to the host with each attempt, as the argument of <see cref="RemoteScripts.Setup"/> (remoting
    /// serializes it): the script's text, the variables, <c>$Needs</c>, <c>$Dag</c>, <c>$Item</c> and the preferences.
    /// <c>with:</c> goes with the script's own pipeline, as its parameters.
    /// </summary>
    internal static class RemotePayload
    {
        /// <summary>The state <see cref="RemoteScripts.Setup"/> reads.</summary>
        /// <exception cref="IOException">A <c>file:</c> node's script cannot be read.</exception>
        public static Hashtable Build(NodeExecutionRequest request, HostDefinition host, RunspaceExecutorOptions options)
        {
            var node = request.Node;
            var run = request.Run;
            var (text, name) = Script(node, request.Part);
            var variables = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var variable in run.NodeVariables)
            {
                variables[variable.Key] = VariableValues.Copy(variable.Value);
            }

            var needs = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var need in request.Needs)
            {
                needs[need.Key] = need.Value;
            }

            return new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["ScriptText"] = text,
                ["ScriptName"] = name,
                ["ScriptHash"] = Hash(name + "\n" + text),
                ["Variables"] = variables,
                ["Needs"] = needs,
                ["Dag"] = Dag(request, host, variables),
                ["Item"] = node.Item,
                ["VerbosePreference"] = options.VerbosePreference.ToString(),
                ["DebugPreference"] = options.DebugPreference.ToString(),
                ["WarningPreference"] = options.WarningPreference.ToString(),
                ["InformationPreference"] = options.InformationPreference.ToString(),
            };
        }

        /// <summary>
        /// The script to run and the file name it gets on the host: <c>run.ps1</c>, <c>fallback.ps1</c>, or a
        /// <c>file:</c> node's own file name (its text read here; the host needs no copy of it).
        /// </summary>
        public static (string Text, string Name) Script(NodeDefinition node, NodeScriptPart part)
        {
            if (part == NodeScriptPart.Fallback && node.Fallback != null)
            {
                return (node.Fallback.Text, FallbackFileName);
            }

            if (node.Run != null)
            {
                return (node.Run.Text, RunFileName);
            }

            var path = node.ResolvedFile ?? throw new InvalidOperationException($"Node '{node.Id}' has neither 'run' nor 'file'.");
            var fileName = Path.GetFileName(path).Replace('[', '_').Replace(']', '_');
            return (File.ReadAllText(path), fileName.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) ? fileName : fileName + ".ps1");
        }

        /// <summary>The file name an inline <c>run</c> gets on the host.</summary>
        public const string RunFileName = "run.ps1";

        /// <summary>The file name a <c>fallback</c> gets on the host.</summary>
        public const string FallbackFileName = "fallback.ps1";

        /// <summary><c>$Dag</c> on the host: what it is locally, plus <c>Host</c>, the name of the <c>hosts:</c> entry.</summary>
        private static PSObject Dag(NodeExecutionRequest request, HostDefinition host, Hashtable variables)
        {
            var workflow = request.Run.Workflow;
            var dag = new PSObject();
            dag.Properties.Add(new PSNoteProperty("Name", workflow.Name));
            dag.Properties.Add(new PSNoteProperty("RunId", request.Run.RunId));
            dag.Properties.Add(new PSNoteProperty("Variables", variables));
            dag.Properties.Add(new PSNoteProperty("WorkflowPath", workflow.SourcePath));
            dag.Properties.Add(new PSNoteProperty("WorkflowDirectory", workflow.BaseDirectory));
            dag.Properties.Add(new PSNoteProperty("Node", request.Node.Id));
            dag.Properties.Add(new PSNoteProperty("Attempt", request.Attempt));
            dag.Properties.Add(new PSNoteProperty("IsFallback", request.Part == NodeScriptPart.Fallback));
            dag.Properties.Add(new PSNoteProperty("LastError", request.LastError));
            dag.Properties.Add(new PSNoteProperty("Host", host.Name));
            return dag;
        }

        /// <summary>Names the folder a script is written to on the host, so different scripts never share a path.</summary>
        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return BitConverter.ToString(hash, 0, 12).Replace("-", string.Empty).ToLowerInvariant();
        }
    }
}
