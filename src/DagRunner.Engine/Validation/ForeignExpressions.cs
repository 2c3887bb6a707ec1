using System.Text.RegularExpressions;

namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// GitHub Actions' expressions in a script that does not parse: <c>if: always()</c> and <c>if: ${{ failure() }}</c>
    /// are what a user coming from there writes, and PowerShell's own message for them ("An expression was expected after
    /// '('", "Use `{ instead of {") does not say what to write instead.
    /// </summary>
    internal static class ForeignExpressions
    {
        private static readonly Regex StatusFunction = new Regex(
            @"^\s*(?:\$\{\{\s*)?(?<name>always|success|failure|cancelled)\(\)\s*(?:\}\})?\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex Template = new Regex(@"\$\{\{", RegexOptions.CultureInvariant);

        /// <summary>What to write instead, for a script that did not parse; null when it is no such expression.</summary>
        public static string? Hint(string? script)
        {
            if (script == null)
            {
                return null;
            }

            var status = StatusFunction.Match(script);
            if (status.Success)
            {
                var name = status.Groups["name"].Value.ToLowerInvariant();
                var when = name == "cancelled" ? "always" : name;
                return $"'{name}()' is GitHub Actions' status function: here, a node that runs by how its needs ended says 'when: {when}' (success, notFailed, failure, always), and 'if:' holds a PowerShell expression.";
            }

            return Template.IsMatch(script)
                ? "'${{ ... }}' is GitHub Actions' expression syntax, which PowerShell does not read: write the PowerShell itself, such as $Needs.build or $Dag.Variables.name."
                : null;
        }
    }
}
