using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Secrets;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Reads <c>vault:</c> secrets with Microsoft.PowerShell.SecretManagement's <c>Get-Secret</c>, found at run time:
    /// DagRunner does not depend on that module, and without it a <c>vault:</c> secret is reported as not found.
    /// </summary>
    internal sealed class VaultReader : IVaultReader
    {
        /// <summary>The module whose Get-Secret is used; a Get-Secret of any other module is never called.</summary>
        public const string ModuleName = "Microsoft.PowerShell.SecretManagement";

        private const string FindScript = "Get-Command -Name Get-Secret -Module " + ModuleName + " -ErrorAction Ignore | Select-Object -First 1";

        private const string ReadScript = "param($Name) " + ModuleName + "\\Get-Secret -Name $Name -AsPlainText -ErrorAction Stop";

        private readonly PSCmdlet cmdlet;

        private VaultReader(PSCmdlet cmdlet) => this.cmdlet = cmdlet;

        /// <summary>A reader when SecretManagement is imported or installed; null when it is not.</summary>
        public static VaultReader? Detect(PSCmdlet cmdlet)
        {
            try
            {
                return cmdlet.InvokeCommand.InvokeScript(FindScript).Any(c => c != null) ? new VaultReader(cmdlet) : null;
            }
            catch (RuntimeException)
            {
                return null;
            }
        }

        public string? Read(string name, out string? failure)
        {
            failure = null;
            try
            {
                var result = cmdlet.InvokeCommand.InvokeScript(ReadScript, name).FirstOrDefault();
                return SecretResolver.Text(result?.BaseObject, out _, "Get-Secret");
            }
            catch (RuntimeException ex)
            {
                // Get-Secret's own messages name the secret and the vault, not the value.
                failure = ex.Message;
                return null;
            }
        }
    }
}
