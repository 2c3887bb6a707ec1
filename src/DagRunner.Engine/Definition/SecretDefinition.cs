namespace DagRunner.Engine.Definition
{
    /// <summary>Where the value of a <c>secrets:</c> entry comes from.</summary>
    public enum SecretSource
    {
        /// <summary><c>env:NAME</c>: the environment variable NAME of the process that runs the workflow.</summary>
        Environment,

        /// <summary><c>vault:Name</c>: <c>Get-Secret -Name Name</c> of Microsoft.PowerShell.SecretManagement, when that module is installed.</summary>
        Vault,

        /// <summary><c>param</c>: only the <c>-Secrets</c> parameter gives it.</summary>
        Parameter,
    }

    /// <summary>
    /// One entry of the top-level <c>secrets:</c>: a variable whose value is looked up when the run starts, never
    /// written in the workflow file, and masked as <c>***</c> in everything DagRunner writes.
    /// </summary>
    public sealed class SecretDefinition
    {
        public SecretDefinition(string name, SecretSource source, string? reference, SourceLocation location)
        {
            Name = name;
            Source = source;
            Reference = reference;
            Location = location;
        }

        /// <summary>The PowerShell variable the value becomes in every node.</summary>
        public string Name { get; }

        public SecretSource Source { get; }

        /// <summary>The environment variable's or the vault secret's name; null for <see cref="SecretSource.Parameter"/>.</summary>
        public string? Reference { get; }

        /// <summary>Where the entry is written, for errors about it.</summary>
        public SourceLocation Location { get; }

        /// <summary>The source as written: <c>env:NAME</c>, <c>vault:Name</c> or <c>param</c>.</summary>
        public string SourceText => Source switch
        {
            SecretSource.Environment => "env:" + Reference,
            SecretSource.Vault => "vault:" + Reference,
            _ => "param",
        };

        public override string ToString() => $"{Name} ({SourceText})";
    }
}
