using System;
using System.Management.Automation;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// <c>-CI</c>: PowerShell renders errors, warnings and tables without VT colour sequences, which CI logs show as
    /// <c>[31;1m</c> noise. It sets <c>$PSStyle.OutputRendering</c> to PlainText for the rest of the session (the CI
    /// process, which -CI ends on failure anyway). <c>$PSStyle</c> is PowerShell 7.2+; elsewhere there is nothing to do.
    /// </summary>
    internal static class PlainTextRendering
    {
        public static void Apply(PSCmdlet cmdlet)
        {
            var style = cmdlet.SessionState.PSVariable.GetValue("PSStyle");
            var target = style is PSObject pso ? pso.BaseObject : style;
            var property = target?.GetType().GetProperty("OutputRendering");
            if (property == null || !property.PropertyType.IsEnum || !property.CanWrite)
            {
                return;
            }

            property.SetValue(target, Enum.Parse(property.PropertyType, "PlainText"));
        }
    }
}
