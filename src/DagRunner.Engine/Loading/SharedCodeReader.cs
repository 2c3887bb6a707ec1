using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>Reads the top-level <c>modules:</c> and <c>setup:</c> (see <see cref="SharedCode"/>).</summary>
    internal static class SharedCodeReader
    {
        private static readonly string[] ModuleFileExtensions = { ".psm1", ".psd1", ".dll", ".ps1" };

        public static SharedCode Read(RawEntry? modules, RawEntry? setup, ReadContext context)
        {
            var references = modules == null ? Array.Empty<ModuleReference>() : ReadModules(modules, context);
            if (setup == null)
            {
                return references.Count == 0 ? SharedCode.None : new SharedCode(references, null, null, null, default);
            }

            switch (setup.Value)
            {
                case RawScalar scalar when scalar.IsNull:
                    context.Error(DiagnosticIds.BadSetup, setup.Key.Location, "'setup' is empty. Write the PowerShell every runspace runs once before its first node, or { file: ./setup.ps1 }, or remove 'setup'.");
                    return new SharedCode(references, null, null, null, setup.Key.Location);
                case RawScalar _:
                    return new SharedCode(references, SettingReader.Script(setup, context), null, null, setup.Key.Location);
                case RawMapping mapping:
                    return ReadSetupMapping(references, setup, mapping, context);
                default:
                    context.Error(DiagnosticIds.BadSetup, setup.Value.Location, $"'setup' must be PowerShell text, {{ run: ... }} or {{ file: ./setup.ps1 }}, not {setup.Value.ShapeName}.");
                    return new SharedCode(references, null, null, null, setup.Key.Location);
            }
        }

        private static SharedCode ReadSetupMapping(IReadOnlyList<ModuleReference> references, RawEntry setup, RawMapping mapping, ReadContext context)
        {
            var keys = MappingKeys.Collect(mapping, MappingKeys.Setup, "in 'setup'", context);
            if (keys.ContainsKey("run") == keys.ContainsKey("file"))
            {
                context.Error(DiagnosticIds.BadSetup, setup.Key.Location, "'setup' needs exactly one of 'run' (the script) and 'file' (a .ps1 relative to the workflow file).");
                return new SharedCode(references, null, null, null, setup.Key.Location);
            }

            if (keys.TryGetValue("run", out var run))
            {
                return new SharedCode(references, SettingReader.Script(run, context), null, null, setup.Key.Location);
            }

            var fileEntry = keys["file"];
            var file = SettingReader.Text(fileEntry, context);
            var resolved = file == null ? null : ResolvePath(file, fileEntry.Value.Location, DiagnosticIds.BadSetup, context);
            if (resolved != null && !File.Exists(resolved))
            {
                context.Error(DiagnosticIds.BadSetup, fileEntry.Value.Location, $"The setup file '{file}' does not exist (looked at '{resolved}'). Relative paths start at the workflow file's folder ({context.BaseDirectory}).");
                resolved = null;
            }

            return new SharedCode(references, null, file, resolved, fileEntry.Value.Location);
        }

        private static IReadOnlyList<ModuleReference> ReadModules(RawEntry entry, ReadContext context)
        {
            var items = entry.Value switch
            {
                RawSequence sequence => sequence.Items,
                RawScalar scalar when !scalar.IsNull => new RawNode[] { scalar },
                RawScalar _ => Array.Empty<RawNode>(),
                _ => null,
            };
            if (items == null)
            {
                context.Error(DiagnosticIds.BadModule, entry.Value.Location, $"'modules' must be a list of module names, paths (./tools/Deploy.psm1) or {{ name, version }}, not {entry.Value.ShapeName}.");
                return Array.Empty<ModuleReference>();
            }

            var modules = new List<ModuleReference>();
            foreach (var item in items)
            {
                var module = ReadModule(item, context);
                if (module == null)
                {
                    continue;
                }

                if (modules.Any(m => string.Equals(m.Path ?? m.Name, module.Path ?? module.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    context.Error(DiagnosticIds.DuplicateKey, module.Location, $"The module '{module.Name}' is listed twice in 'modules'. List it once.");
                    continue;
                }

                modules.Add(module);
            }

            return modules;
        }

        private static ModuleReference? ReadModule(RawNode item, ReadContext context)
        {
            switch (item)
            {
                case RawScalar scalar when !scalar.IsNull && scalar.Text.Trim().Length > 0:
                    return Reference(scalar.Text.Trim(), null, scalar.Location, context);
                case RawMapping mapping:
                    var keys = MappingKeys.Collect(mapping, MappingKeys.Module, "in a 'modules' entry", context);
                    if (!keys.TryGetValue("name", out var nameEntry) || !(SettingReader.Text(nameEntry, context) is string name) || name.Trim().Length == 0)
                    {
                        context.Error(DiagnosticIds.BadModule, mapping.Location, "A 'modules' entry written as a mapping needs 'name' (and may have 'version', e.g. { name: Az.Accounts, version: 2.* }).");
                        return null;
                    }

                    var version = keys.TryGetValue("version", out var versionEntry) ? SettingReader.Text(versionEntry, context) : null;
                    if (version != null && !IsVersion(version))
                    {
                        context.Error(DiagnosticIds.BadModule, versionEntry!.Value.Location, $"'version' must be a version such as 2.3.1, or 2.* for the newest 2.x, not '{version}'.");
                        return null;
                    }

                    return Reference(name.Trim(), version, nameEntry.Value.Location, context);
                default:
                    context.Error(DiagnosticIds.BadModule, item.Location, $"A 'modules' entry must be a module name, a path (./tools/Deploy.psm1) or {{ name, version }}, not {item.ShapeName}.");
                    return null;
            }
        }

        private static ModuleReference? Reference(string name, string? version, SourceLocation location, ReadContext context)
        {
            bool isPath = name.IndexOfAny(new[] { '/', '\\' }) >= 0 || ModuleFileExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            if (!isPath)
            {
                return new ModuleReference(name, null, version, location);
            }

            var path = ResolvePath(name, location, DiagnosticIds.BadModule, context);
            if (path == null)
            {
                return null;
            }

            if (!File.Exists(path) && !Directory.Exists(path))
            {
                context.Error(DiagnosticIds.BadModule, location, $"The module '{name}' does not exist (looked at '{path}'). Relative paths start at the workflow file's folder ({context.BaseDirectory}).");
                return null;
            }

            return new ModuleReference(name, path, version, location);
        }

        private static string? ResolvePath(string path, SourceLocation location, string id, ReadContext context)
        {
            try
            {
                return Path.GetFullPath(Path.Combine(context.BaseDirectory, path));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                context.Error(id, location, $"'{path}' is not a valid path ({e.Message}).");
                return null;
            }
        }

        private static bool IsVersion(string text)
        {
            var parts = text.Split('.');
            return parts.Length <= 4 && parts.All(p => p.Length > 0 && (p == "*" || p.All(char.IsDigit))) && Array.IndexOf(parts, "*") is int star && (star < 0 || star == parts.Length - 1);
        }
    }
}
