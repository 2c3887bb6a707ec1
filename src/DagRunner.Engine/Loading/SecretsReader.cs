using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>
    /// Reads the top-level <c>secrets:</c>, a mapping of variable names to where each value comes from:
    /// <c>env:VARIABLE</c>, <c>vault:SecretName</c> or <c>param</c>. Only the source is in the file, never a value.
    /// </summary>
    internal static class SecretsReader
    {
        private const string Shape = "a mapping of variable names to env:VARIABLE, vault:SecretName or param";

        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        private static readonly Regex EnvironmentName = new Regex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

        public static IReadOnlyList<SecretDefinition> Read(RawEntry entry, IReadOnlyDictionary<string, object?> variables, ReadContext context)
        {
            var mapping = SettingReader.Mapping(entry, Shape, context);
            if (mapping == null)
            {
                return Array.Empty<SecretDefinition>();
            }

            var secrets = new List<SecretDefinition>();
            foreach (var item in MappingKeys.UniqueNames(mapping, "in 'secrets'", "Each secret needs a name of its own.", context))
            {
                var secret = ReadOne(item, context);
                if (secret == null)
                {
                    continue;
                }

                if (variables.Keys.Any(name => string.Equals(name, secret.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    context.Error(DiagnosticIds.SecretShadowsVariable, item.Key.Location, $"'{secret.Name}' is both a secret and an entry of 'variables'. Rename one of them: a name holds one value.");
                    continue;
                }

                secrets.Add(secret);
            }

            return secrets;
        }

        private static SecretDefinition? ReadOne(RawEntry item, ReadContext context)
        {
            if (!VariableName.IsMatch(item.Name))
            {
                context.Error(DiagnosticIds.BadSecret, item.Key.Location, $"Secret name '{item.Name}' must be a plain PowerShell variable name: a letter or '_', then letters, digits or '_'.");
                return null;
            }

            if (!(item.Value is RawScalar scalar) || scalar.IsNull)
            {
                context.Error(DiagnosticIds.BadSecret, item.Value.Location, $"Secret '{item.Name}' must say where its value comes from: env:VARIABLE, vault:SecretName or param, not {(item.Value is RawScalar ? "nothing" : item.Value.ShapeName)}.");
                return null;
            }

            var text = scalar.Text.Trim();
            if (string.Equals(text, "param", StringComparison.OrdinalIgnoreCase))
            {
                return new SecretDefinition(item.Name, SecretSource.Parameter, null, item.Key.Location);
            }

            int colon = text.IndexOf(':');
            var prefix = colon < 0 ? string.Empty : text.Substring(0, colon).Trim();
            var reference = colon < 0 ? string.Empty : text.Substring(colon + 1).Trim();
            if (string.Equals(prefix, "env", StringComparison.OrdinalIgnoreCase) && EnvironmentName.IsMatch(reference))
            {
                return new SecretDefinition(item.Name, SecretSource.Environment, reference, item.Key.Location);
            }

            if (string.Equals(prefix, "vault", StringComparison.OrdinalIgnoreCase) && reference.Length > 0)
            {
                return new SecretDefinition(item.Name, SecretSource.Vault, reference, item.Key.Location);
            }

            // The text is not echoed: someone may have pasted the value itself here.
            context.Error(DiagnosticIds.BadSecret, scalar.Location, $"Secret '{item.Name}' must be env:VARIABLE, vault:SecretName or param. A secret's value never goes in the workflow file: put it in an environment variable, a SecretManagement vault, or pass it with -Secrets.");
            return null;
        }
    }
}
