using System.Management.Automation;
using DagRunner.Engine.Execution.Invocation;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <c>Remove-Module DagRunner</c> closes the runspaces the session kept for the next run
    /// (<see cref="SessionRunspaces"/>), so nothing of the module stays open once it is removed.
    /// </summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo) => SessionRunspaces.Shared.Clear();
    }
}
