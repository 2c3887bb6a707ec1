using System.Runtime.InteropServices;
using Xunit;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// A fact that only Linux can check, because what it checks reads <c>/proc</c> (native process trees, thread and
    /// process states, start times since boot); skipped elsewhere, where the engine does without.
    /// </summary>
    public sealed class FactOnLinuxAttribute : FactAttribute
    {
        public FactOnLinuxAttribute()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                Skip = "Linux only: what this checks reads /proc.";
            }
        }
    }
}
