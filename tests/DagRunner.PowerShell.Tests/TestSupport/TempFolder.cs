using System;
using System.IO;

namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>A fresh folder for one test, deleted afterwards.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dagrunner-ps-tests", Guid.NewGuid().ToString("N"));

        public string this[string name] => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder fails no test.
            }
        }
    }
}
