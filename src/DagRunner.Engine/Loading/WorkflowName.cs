using System;
using System.IO;

namespace DagRunner.Engine.Loading
{
    /// <summary>The name a workflow gets when it has no <c>name:</c>.</summary>
    internal static class WorkflowName
    {
        /// <summary>The default name of an inline <c>-Definition</c>.</summary>
        public const string InlineDefault = "definition";

        private static readonly string[] Extensions = { ".yaml", ".yml", ".json" };

        /// <summary><c>build.dag.yaml</c> → <c>build</c>: the file name without <c>.yaml</c>/<c>.yml</c>/<c>.json</c> and a trailing <c>.dag</c>.</summary>
        public static string FromPath(string path)
        {
            var name = Path.GetFileName(path);
            foreach (var extension in Extensions)
            {
                if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    name = name.Substring(0, name.Length - extension.Length);
                    break;
                }
            }

            if (name.EndsWith(".dag", StringComparison.OrdinalIgnoreCase) && name.Length > ".dag".Length)
            {
                name = name.Substring(0, name.Length - ".dag".Length);
            }

            return name.Length == 0 ? Path.GetFileName(path) : name;
        }

        /// <summary>True when <paramref name="name"/> can be part of a file name (the checkpoint is named after it).</summary>
        public static bool IsUsableInFileName(string name)
            => name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name.IndexOfAny(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }) < 0;
    }
}
