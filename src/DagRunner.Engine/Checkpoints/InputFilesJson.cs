using System;
using System.Collections.Generic;
using System.Text.Json;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Checkpoints
{
    /// <summary>A node's <see cref="InputFiles"/> in the checkpoint: <c>"inputs": { "hash": "…", "files": { "src/x.cs": "…" } }</c>.</summary>
    internal static class InputFilesJson
    {
        public static void Write(Utf8JsonWriter json, string propertyName, InputFiles inputs)
        {
            json.WriteStartObject(propertyName);
            json.WriteString("hash", inputs.Hash);
            if (inputs.Files != null)
            {
                json.WriteStartObject("files");
                foreach (var file in inputs.Files)
                {
                    json.WriteString(file.Key, file.Value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        /// <exception cref="FormatException">The value is not an inputs record.</exception>
        public static InputFiles Read(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"'inputs' is a JSON {element.ValueKind}, not an object.");
            }

            var hash = CheckpointJson.RequiredString(element, "hash");
            Dictionary<string, string>? files = null;
            if (element.TryGetProperty("files", out var list) && list.ValueKind == JsonValueKind.Object)
            {
                files = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var file in list.EnumerateObject())
                {
                    files[file.Name] = file.Value.ValueKind == JsonValueKind.String ? file.Value.GetString()! : throw new FormatException($"The hash of input '{file.Name}' is not a string.");
                }
            }

            return new InputFiles(hash, files);
        }
    }
}
