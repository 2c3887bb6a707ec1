using System;
using System.Globalization;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>Runs the test under another culture (decimal comma, other percent pattern) and restores the previous one.</summary>
    internal sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentCulture;
        private readonly CultureInfo previousUi = CultureInfo.CurrentUICulture;

        public CultureScope(string name)
        {
            CultureInfo.CurrentCulture = new CultureInfo(name);
            CultureInfo.CurrentUICulture = new CultureInfo(name);
        }

        public static CultureScope German() => new CultureScope("de-DE");

        public void Dispose()
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
