using System.Management.Automation;

namespace DagRunner.PowerShell.Loader
{
    /// <summary>
    /// Runs when PowerShell imports this nested module, before the cmdlet assembly is opened: installs the resolver
    /// that loads the engine and its third-party dependencies from <c>Dependencies/</c> (PSResourceGet's pattern).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyResolver.Install();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyResolver.Uninstall();
    }
}
