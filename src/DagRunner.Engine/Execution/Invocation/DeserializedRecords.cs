using System;
using System.Linq;
using System.Management.Automation;

namespace DagRunner.Engine.Execution.Invocation
{
    /// <summary>
    /// Turns stream records that came back from a remote session into what the same record is locally. Remoting
    /// rehydrates ErrorRecord, WarningRecord and InformationRecord, but not what Write-Host puts in an
    /// InformationRecord: its HostInformationMessage arrives as a property bag, and would then be shown as
    /// information instead of host output.
    /// </summary>
    internal static class DeserializedRecords
    {
        private const string DeserializedHostMessage = "Deserialized.System.Management.Automation.HostInformationMessage";

        /// <summary>The record with its Write-Host message rebuilt; any other record as it is.</summary>
        public static InformationRecord Rehydrate(InformationRecord record)
        {
            if (!(record.MessageData is PSObject data) || !data.TypeNames.Contains(DeserializedHostMessage))
            {
                return record;
            }

            var message = new HostInformationMessage
            {
                Message = data.Properties["Message"]?.Value?.ToString() ?? string.Empty,
                NoNewLine = LanguagePrimitives.IsTrue(data.Properties["NoNewLine"]?.Value),
                ForegroundColor = Color(data.Properties["ForegroundColor"]?.Value),
                BackgroundColor = Color(data.Properties["BackgroundColor"]?.Value),
            };
            var rebuilt = new InformationRecord(message, record.Source);
            foreach (var tag in record.Tags.Where(tag => !string.Equals(tag, "FORWARDED", StringComparison.Ordinal)))
            {
                rebuilt.Tags.Add(tag);
            }

            return rebuilt;
        }

        private static ConsoleColor? Color(object? value)
        {
            if (value == null)
            {
                return null;
            }

            return LanguagePrimitives.TryConvertTo<ConsoleColor>(value, out var color) ? color : (ConsoleColor?)null;
        }
    }
}
