using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// A node's output on its NodeResults item: <c>OutputText</c> (the output's text) and one metadata per property of a
    /// single output object. Names MSBuild reserves (well-known item metadata, and the names of project elements it
    /// refuses as metadata) and the names of the task's own metadata get the prefix <see cref="RenamePrefix"/>; names
    /// that cannot be metadata names are skipped.
    /// </summary>
    /// <remarks>Values are set literally: an output may hold %, ; or $ that MSBuild must neither unescape nor expand.</remarks>
    internal static class OutputMetadata
    {
        /// <summary>What a reserved property name is given in front: <c>Identity</c> becomes <c>Output_Identity</c>.</summary>
        public const string RenamePrefix = "Output_";

        /// <summary>MSBuild's well-known item metadata: read-only on every item, so an output property cannot use them.</summary>
        public static readonly IReadOnlyList<string> WellKnown = new[]
        {
            "FullPath", "RootDir", "Filename", "Extension", "RelativeDir", "Directory", "RecursiveDir", "Identity",
            "ModifiedTime", "CreatedTime", "AccessedTime", "DefiningProjectFullPath", "DefiningProjectDirectory",
            "DefiningProjectName", "DefiningProjectExtension",
        };

        /// <summary>
        /// Project element names MSBuild refuses as metadata names (MSB4028 "The "Output" name is reserved" when the
        /// task's outputs are read), which is why the output's text is <c>OutputText</c>, not <c>Output</c>.
        /// </summary>
        public static readonly IReadOnlyList<string> ElementNames = new[]
        {
            "VisualStudioProject", "Target", "PropertyGroup", "Output", "ItemGroup", "UsingTask", "ProjectExtensions",
            "OnError", "ImportGroup", "Choose", "When", "Otherwise",
        };

        /// <summary>The task's own metadata on every NodeResults item; an output property never overwrites them.</summary>
        public static readonly IReadOnlyList<string> TaskOwned = new[] { "Status", "Reason", "Attempts", "DurationMs", "Error", "OutputText" };

        // An XML element name of ASCII letters, digits, '_', '-' and '.': what %(Name) can refer to.
        private static readonly Regex ValidName = new Regex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

        private static readonly HashSet<string> Reserved = new HashSet<string>(WellKnown.Concat(ElementNames).Concat(TaskOwned), StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Sets <c>OutputText</c> (empty without output) and the properties' metadata on <paramref name="item"/>.
        /// Returns a note for each property that was renamed or skipped, for a low-importance message.
        /// </summary>
        public static List<string> Apply(ITaskItem2 item, string? output, IReadOnlyList<KeyValuePair<string, string>>? properties)
        {
            var notes = new List<string>();
            item.SetMetadataValueLiteral("OutputText", output ?? string.Empty);
            if (properties == null)
            {
                return notes;
            }

            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in properties)
            {
                var name = property.Key;
                if (!ValidName.IsMatch(name))
                {
                    notes.Add($"property '{name}' is not a valid metadata name (letters, digits, '_', '-', '.'), so it is not on the item");
                    continue;
                }

                if (Reserved.Contains(name))
                {
                    notes.Add($"property '{name}' is a name MSBuild or the task reserves, so it is metadata '{RenamePrefix + name}'");
                    name = RenamePrefix + name;
                }

                if ((name != property.Key && Contains(properties, name)) || !used.Add(name))
                {
                    // Metadata names ignore case: the first property of a name wins, and an object's own property wins over a rename.
                    notes.Add($"property '{property.Key}' would be metadata '{name}', which another property of the output already is, so it is not on the item");
                    continue;
                }

                item.SetMetadataValueLiteral(name, property.Value);
            }

            return notes;
        }

        /// <summary>The properties of an event's <c>outputProperties</c> object; null when it is absent or not an object.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>>? Read(object? field)
        {
            if (!(field is Dictionary<string, object?> fields))
            {
                return null;
            }

            var properties = new List<KeyValuePair<string, string>>();
            foreach (var pair in fields)
            {
                properties.Add(new KeyValuePair<string, string>(pair.Key, pair.Value as string ?? string.Empty));
            }

            return properties;
        }

        private static bool Contains(IReadOnlyList<KeyValuePair<string, string>> properties, string name)
            => properties.Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
    }
}
