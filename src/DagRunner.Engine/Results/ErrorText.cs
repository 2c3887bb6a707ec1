using System;
using System.Management.Automation;

namespace DagRunner.Engine.Results
{
    /// <summary>Turns the errors nodes raise (ErrorRecord, exception, text) into one readable line.</summary>
    internal static class ErrorText
    {
        public static string? FirstLine(object? error)
        {
            string? text = error switch
            {
                null => null,
                ErrorRecord record => record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString(),
                Exception exception => exception.Message,
                _ => error.ToString(),
            };

            if (text == null)
            {
                return null;
            }

            text = text.Trim();
            int newline = text.IndexOfAny(new[] { '\r', '\n' });
            return newline < 0 ? text : text.Substring(0, newline).TrimEnd();
        }
    }
}
