using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.Engine.Execution.Runspaces
{
    /// <summary>
    /// Prepares a runspace for a run's nodes once: imports the <c>modules:</c> and runs <c>setup:</c> at the global
    /// scope, then remembers what setup defined (its functions are kept by the reset between nodes; its variables are
    /// set again after one, since a reset clears variables). Never per node: a runspace prepared for the run is not
    /// prepared again.
    /// </summary>
    internal static class RunspaceSharedCode
    {
        /// <summary>Null when the runspace is ready (or there is nothing to prepare); else the node's failed execution.</summary>
        public static async Task<NodeExecution?> EnsureAsync(RunspaceStock.Worker worker, RunContext run, string node, IRunEventSink events, Func<DateTime> now, TimeSpan stopGrace, CancellationToken cancellationToken)
        {
            var shared = run.Workflow.Shared;
            if (shared.IsEmpty || ReferenceEquals(worker.SharedCodeFor, run))
            {
                return null;
            }

            worker.HasSharedCode = true;
            var before = new HashSet<string>(Variables(worker.Runspace).Select(v => v.Name), StringComparer.OrdinalIgnoreCase);
            var invocation = new NodeInvocation(worker, node, events, now);
            var imports = SharedCodeScripts.Imports(shared, remote: false);
            if (imports.Length > 0)
            {
                var imported = await invocation.InvokeAsync(ps => ps.AddScript(imports, useLocalScope: false), forwardOutput: false, stopGrace, cancellationToken).ConfigureAwait(false);
                if (imported.Outcome != NodeOutcome.Succeeded)
                {
                    worker.Dirty = true; // half-imported: the next node here starts from a reset and tries again
                    return SharedCodeScripts.Failure(imported, e => SharedCodeScripts.ModuleFailure(shared, e, host: null), "ModuleNotFound", worker.Id);
                }
            }

            if (shared.Setup != null || shared.ResolvedSetupFile != null)
            {
                var setup = await invocation.InvokeAsync(
                    ps => ps.AddScript(shared.Setup?.Text ?? ". '" + shared.ResolvedSetupFile!.Replace("'", "''") + "'", useLocalScope: false),
                    forwardOutput: false,
                    stopGrace,
                    cancellationToken).ConfigureAwait(false);
                if (setup.Outcome != NodeOutcome.Succeeded)
                {
                    worker.Dirty = true;
                    return SharedCodeScripts.Failure(setup, e => SharedCodeScripts.SetupFailure(shared, e, host: null), "SetupFailed", worker.Id);
                }
            }

            worker.SharedVariables = Variables(worker.Runspace).Where(v => !before.Contains(v.Name)).ToList();
            worker.InitialFunctions ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            worker.InitialFunctions.UnionWith(GlobalFunctions(worker.Runspace));
            worker.SharedCodeFor = run;
            return null;
        }

        /// <summary>After a reset: the variables setup defined, as setup left them.</summary>
        public static void Restore(RunspaceStock.Worker worker)
        {
            foreach (var variable in worker.SharedVariables)
            {
                worker.Runspace.SessionStateProxy.SetVariable(variable.Name, variable.Value);
            }
        }

        /// <summary>The functions of the runspace's global scope (not those of imported modules), by name.</summary>
        public static HashSet<string> GlobalFunctions(Runspace runspace)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in runspace.SessionStateProxy.InvokeProvider.ChildItem.Get(@"function:\", false))
            {
                if (item.BaseObject is FunctionInfo function && string.IsNullOrEmpty(function.ModuleName))
                {
                    names.Add(function.Name);
                }
            }

            return names;
        }

        private static IEnumerable<PSVariable> Variables(Runspace runspace)
            => runspace.SessionStateProxy.InvokeProvider.ChildItem.Get(@"variable:\", false).Select(v => v.BaseObject).OfType<PSVariable>().ToList();
    }
}
