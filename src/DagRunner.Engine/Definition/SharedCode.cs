using System;
using System.Collections.Generic;

namespace DagRunner.Engine.Definition
{
    /// <summary>
    /// What every node of a workflow shares, prepared once in each runspace (and remote session) before its first
    /// node: the <c>modules:</c> to import, then the <c>setup:</c> script, whose functions, variables and aliases every
    /// node sees.
    /// </summary>
    public sealed class SharedCode
    {
        public static readonly SharedCode None = new SharedCode(Array.Empty<ModuleReference>(), null, null, null, default);

        public SharedCode(IReadOnlyList<ModuleReference> modules, ScriptSource? setup, string? setupFile, string? resolvedSetupFile, SourceLocation setupLocation)
        {
            Modules = modules;
            Setup = setup;
            SetupFile = setupFile;
            ResolvedSetupFile = resolvedSetupFile;
            SetupLocation = setupLocation;
        }

        public IReadOnlyList<ModuleReference> Modules { get; }

        /// <summary>The <c>setup:</c> script written inline (<c>run:</c>), positions kept for errors.</summary>
        public ScriptSource? Setup { get; }

        /// <summary>The <c>setup:</c> script's <c>file:</c> as written, and as a full path.</summary>
        public string? SetupFile { get; }

        public string? ResolvedSetupFile { get; }

        /// <summary>Where <c>setup:</c> is written: errors of a setup file point here too.</summary>
        public SourceLocation SetupLocation { get; }

        public bool IsEmpty => Modules.Count == 0 && Setup == null && ResolvedSetupFile == null;
    }

    /// <summary>One entry of <c>modules:</c>: a module name (with an optional version) or a path to a module file.</summary>
    public sealed class ModuleReference
    {
        public ModuleReference(string name, string? path, string? version, SourceLocation location)
        {
            Name = name;
            Path = path;
            Version = version;
            Location = location;
        }

        /// <summary>The name as written: <c>Az.Accounts</c>, or <c>./tools/Deploy.psm1</c>.</summary>
        public string Name { get; }

        /// <summary>The full path for a module given by path (relative to the workflow file); null for a name.</summary>
        public string? Path { get; }

        /// <summary><c>2.3.1</c> (that version) or <c>2.*</c> (the newest 2.x); null for the newest.</summary>
        public string? Version { get; }

        public SourceLocation Location { get; }
    }
}
