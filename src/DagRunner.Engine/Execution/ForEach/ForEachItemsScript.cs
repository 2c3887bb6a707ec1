using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Definition;

namespace DagRunner.Engine.Execution.ForEach
{
    /// <summary>
    /// Works out the items of a <c>foreach</c> in the runspace or remote session where the node's scripts run: its
    /// expression's output; with <c>key:</c>, in one pipeline, the items (the expression's output, or the file's list)
    /// and then the key expression once per item with <c>$Item</c> set. One pipeline, so a remote node makes one round
    /// trip and its key expression sees the items as they are on the host, not as they come back.
    /// </summary>
    internal static class ForEachItemsScript
    {
        /// <summary>
        /// Takes the items expression's text (or null) and the file's items, the key expression's text. Writes the items,
        /// then one string[] with a code per item: 'k' and the key's text, 'n' for no value or $null, 'm' and the number
        /// of values when there are several, 'e' and the message when the expression threw. (Assignments inside the
        /// branches, not of an if: the value of an if is enumerated, which would split an item that is a list.)
        /// </summary>
        public const string Text = @"param($DagRunnerItemsText, $DagRunnerItems, $DagRunnerKeyText)
if ($null -ne $DagRunnerItemsText) { $DagRunnerForEach = @(& ([scriptblock]::Create($DagRunnerItemsText))) } else { $DagRunnerForEach = @($DagRunnerItems) }
$DagRunnerKeyBlock = [scriptblock]::Create($DagRunnerKeyText)
$DagRunnerKeys = [string[]]::new($DagRunnerForEach.Count)
for ($DagRunnerIndex = 0; $DagRunnerIndex -lt $DagRunnerForEach.Count; $DagRunnerIndex++) {
    $Item = $DagRunnerForEach[$DagRunnerIndex]
    try { $DagRunnerValue = @(& $DagRunnerKeyBlock) } catch { $DagRunnerKeys[$DagRunnerIndex] = 'e' + $_.Exception.Message; continue }
    $DagRunnerKeys[$DagRunnerIndex] = if ($DagRunnerValue.Count -gt 1) { 'm' + $DagRunnerValue.Count }
        elseif ($DagRunnerValue.Count -eq 0 -or $null -eq $DagRunnerValue[0]) { 'n' }
        else { 'k' + [string]$DagRunnerValue[0] }
}
$DagRunnerForEach
,$DagRunnerKeys
";

        /// <summary>What works out the items of <paramref name="spec"/>: its expression alone, or, with <c>key:</c>, this script.</summary>
        public static PowerShell AddItems(PowerShell powerShell, ForEachSpec? spec)
            => spec?.Key == null ? powerShell.AddScript(spec?.Expression?.Text ?? "@()", useLocalScope: true) : Add(powerShell, spec);

        /// <summary>The items <see cref="AddItems"/> wrote, with their keys when the node has <c>key:</c> (see <see cref="Read"/>).</summary>
        public static NodeExecution Items(NodeDefinition node, IReadOnlyList<object?> output, int worker = 0)
            => node.ForEach?.Key == null ? NodeExecution.Succeeded(output, worker) : Read(node.Id, output, worker);

        /// <summary>Adds the script and its arguments for <paramref name="spec"/> to <paramref name="powerShell"/>.</summary>
        public static PowerShell Add(PowerShell powerShell, ForEachSpec spec)
            => powerShell.AddScript(Text, useLocalScope: true)
                .AddArgument(spec.Expression?.Text)
                .AddArgument(spec.Items?.ToArray())
                .AddArgument(spec.Key!.Text);

        /// <summary>
        /// What the script wrote, as the node's items with their keys (<see cref="NodeExecution.ItemKeys"/>), or the failure
        /// naming the first item whose key expression threw or did not give exactly one value.
        /// </summary>
        public static NodeExecution Read(string nodeId, IReadOnlyList<object?> output, int worker = 0)
        {
            var codes = output.Count == 0 ? null : Unwrap(output[output.Count - 1]) as IEnumerable;
            var keys = codes?.Cast<object?>().Select(c => Unwrap(c) as string).ToList();
            if (keys == null || keys.Count != output.Count - 1 || keys.Any(k => string.IsNullOrEmpty(k)))
            {
                return NodeExecution.Failed(new ErrorRecord(new InvalidOperationException($"The 'foreach' keys of node '{nodeId}' came back in a form DagRunner does not know."), ForEachKeyErrors.Failed, ErrorCategory.InvalidResult, nodeId), worker);
            }

            for (int i = 0; i < keys.Count; i++)
            {
                var code = keys[i]!;
                var problem = code[0] switch
                {
                    'e' => $"threw: {code.Substring(1).TrimEnd('.')}",
                    'n' => "gave no value ($null or nothing)",
                    'm' => $"gave {code.Substring(1)} values; it must give one",
                    _ => null,
                };
                if (problem != null)
                {
                    var id = code[0] == 'e' ? ForEachKeyErrors.Failed : ForEachKeyErrors.Invalid;
                    var message = $"The 'foreach' key of node '{nodeId}' for item {i.ToString(CultureInfo.InvariantCulture)} (0-based) {problem}. Make 'key:' give one value for every item.";
                    return NodeExecution.Failed(new ErrorRecord(new InvalidOperationException(message), id, ErrorCategory.InvalidData, nodeId), worker);
                }
            }

            var items = output.Take(output.Count - 1).ToArray();
            return new NodeExecution(NodeOutcome.Succeeded, items, null, worker) { ItemKeys = keys.Select(k => k!.Substring(1)).ToArray() };
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;
    }
}
