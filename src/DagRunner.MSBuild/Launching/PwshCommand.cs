using System.Collections.Generic;

namespace DagRunner.MSBuild.Launching
{
    /// <summary>How to start pwsh: the executable and the arguments that come before pwsh's own.</summary>
    internal sealed class PwshCommand
    {
        public PwshCommand(string fileName, IReadOnlyList<string> prefix, string source)
        {
            FileName = fileName;
            Prefix = prefix;
            Source = source;
        }

        /// <summary>The executable: pwsh itself, or dotnet for a local tool.</summary>
        public string FileName { get; }

        /// <summary>Arguments before pwsh's: the restored tool's pwsh.dll (or <c>pwsh</c>) for a tool manifest's pwsh, none otherwise.</summary>
        public IReadOnlyList<string> Prefix { get; }

        /// <summary>Where it came from, for the log: "PwshPath", "the tool manifest /x/.config/dotnet-tools.json", "PATH".</summary>
        public string Source { get; }

        public override string ToString() => Prefix.Count == 0 ? FileName : FileName + " " + string.Join(" ", Prefix);
    }
}
