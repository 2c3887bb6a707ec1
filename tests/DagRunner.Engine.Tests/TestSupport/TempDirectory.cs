using System;
using System.IO;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>A fresh folder under the temp path for tests that need real files; deleted on dispose.</summary>
    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dagrunner-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> (folders created) and returns the full path.</summary>
        public string Write(string relativePath, string content)
        {
            var fullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relativePath));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
            File.WriteAllText(fullPath, content);
            return fullPath;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; a failing cleanup must not fail the test.
            }
        }
    }
}
