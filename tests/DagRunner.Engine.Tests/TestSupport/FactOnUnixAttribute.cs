using Xunit;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A fact that needs Linux or macOS: elsewhere it is reported as skipped, never as a pass that ran nothing.</summary>
    public sealed class FactOnUnixAttribute : FactAttribute
    {
        public FactOnUnixAttribute()
        {
            if (!OnUnix.IsUnix)
            {
                Skip = OnUnix.Reason;
            }
        }
    }
}
