using System;
using System.Management.Automation;
using DagRunner.Engine.Definition;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// Lets a TimeSpan parameter take what the workflow file takes: <c>30s</c>, <c>10m</c>, <c>1h30m</c>, <c>hh:mm:ss</c>,
    /// a TimeSpan, or a number of seconds. PowerShell on its own would read <c>10</c> as ten ticks and refuse <c>10m</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case int seconds:
                    return TimeSpan.FromSeconds(seconds);
                case long seconds:
                    return TimeSpan.FromSeconds(seconds);
                case double seconds:
                    return TimeSpan.FromSeconds(seconds);
                case string text when DurationText.TryParse(text, out var duration):
                    return duration;
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"'{value}' is not a duration. Use {DurationText.Examples}, a TimeSpan, or a number of seconds.");
            }
        }
    }
}
