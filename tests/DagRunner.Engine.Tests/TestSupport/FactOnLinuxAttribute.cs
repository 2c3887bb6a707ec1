using System.Runtime.InteropServices;
using Xunit;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// A fact that only Linux can check (the native process tree is found through <c>/proc</c>); skipped elsewhere,
    /// where the engine leaves native processes to PowerShell's own Stop.
    /// </summary>
    public sealed class FactOnLinuxAttribute : FactAttribute
    {
        public FactOnLinuxAttribute()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                Skip = "Linux only: native process trees are found through /proc.";
            }
        }
    }
}
