using Xunit;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A theory that needs Linux or macOS: elsewhere each case is reported as skipped.</summary>
    public sealed class TheoryOnUnixAttribute : TheoryAttribute
    {
        public TheoryOnUnixAttribute()
        {
            if (!OnUnix.IsUnix)
            {
                Skip = OnUnix.Reason;
            }
        }
    }
}
