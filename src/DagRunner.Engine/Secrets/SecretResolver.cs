using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Secrets
{
    /// <summary>
    /// Looks up the value of each declared secret when a run starts: a <c>-Secrets</c> entry first (whatever the
    /// declared source), else its source: the environment variable, or the SecretManagement vault. Every secret that
    /// cannot be found is reported (naming the secret and its source, never a value) and the run must not start.
    /// </summary>
    internal static class SecretResolver
    {
        /// <summary>
        /// Resolves the <c>secrets:</c> of <paramref name="workflow"/>. <paramref name="given"/> are the <c>-Secrets</c> values (string or
        /// <see cref="SecureString"/>); <paramref name="environment"/> reads an environment variable;
        /// <paramref name="vault"/> reads a vault secret as text, or is null when SecretManagement is not installed.
        /// With <paramref name="requireValues"/> false (<c>-WhatIf</c>), missing values are not problems.
        /// </summary>
        public static SecretResolution Resolve(
            WorkflowDefinition workflow,
            IReadOnlyDictionary<string, object?>? given,
            Func<string, string?> environment,
            IVaultReader? vault,
            bool requireValues = true)
        {
            var declared = Guard.NotNull(workflow).Secrets;
            Guard.NotNull(environment);
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var problems = new List<Diagnostic>();
            var names = new HashSet<string>(declared.Select(s => s.Name), StringComparer.OrdinalIgnoreCase);
            foreach (var name in given?.Keys ?? Enumerable.Empty<string>())
            {
                if (!names.Contains(name))
                {
                    problems.Add(Diagnostic.Error(DiagnosticIds.UnknownSecret, new SourceLocation(workflow.SourcePath, 0, 0, "secrets"), $"-Secrets gives '{name}', which is not in the workflow's 'secrets:'. Declare it ('{name}: param') or remove it.{NearestName.DidYouMean(name, names)}"));
                }
            }

            foreach (var secret in declared)
            {
                string? why;
                var value = given != null && TryGet(given, secret.Name, out var raw)
                    ? Text(raw, out why, "-Secrets")
                    : Lookup(secret, environment, vault, out why);
                if (string.IsNullOrEmpty(value))
                {
                    if (requireValues)
                    {
                        problems.Add(Diagnostic.Error(DiagnosticIds.SecretNotFound, secret.Location, $"Secret '{secret.Name}' ({secret.SourceText}) has no value: {why} No node was started."));
                    }

                    continue;
                }

                if (value!.Length < SecretMasker.MinimumLength)
                {
                    problems.Add(Diagnostic.Error(DiagnosticIds.SecretTooShort, secret.Location, $"Secret '{secret.Name}' ({secret.SourceText}) is shorter than {SecretMasker.MinimumLength} characters, too short to mask in output without garbling it. Use a longer value. No node was started."));
                    continue;
                }

                values[secret.Name] = value;
            }

            return new SecretResolution(values, problems);
        }

        private static string? Lookup(SecretDefinition secret, Func<string, string?> environment, IVaultReader? vault, out string why)
        {
            switch (secret.Source)
            {
                case SecretSource.Environment:
                    why = $"the environment variable {secret.Reference} is not set (or is empty).";
                    return environment(secret.Reference!);
                case SecretSource.Vault when vault == null:
                    why = "the module Microsoft.PowerShell.SecretManagement is not installed, so there is no vault to read. Install it and register a vault, or pass the value with -Secrets.";
                    return null;
                case SecretSource.Vault:
                    var found = vault!.Read(secret.Reference!, out var failure);
                    why = failure != null ? $"Get-Secret -Name {secret.Reference} failed: {failure}" : $"no vault has a secret named {secret.Reference}.";
                    return found;
                default:
                    why = "it is declared 'param', so it must be given with -Secrets @{ " + secret.Name + " = ... }.";
                    return null;
            }
        }

        private static bool TryGet(IReadOnlyDictionary<string, object?> given, string name, out object? value)
        {
            foreach (var pair in given)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = pair.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        /// <summary>The text of a string, a <see cref="SecureString"/> or a PSCredential's password; anything else is refused (it is not echoed). <paramref name="from"/> names the giver in <paramref name="why"/>.</summary>
        public static string? Text(object? value, out string why, string from)
        {
            why = $"{from} gives it no value (null or empty).";
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case SecureString secure:
                    return Plain(secure);
                case System.Management.Automation.PSCredential credential:
                    return Plain(credential.Password); // what Get-Secret returns for a credential secret
                default:
                    why = $"{from} gives it a {value.GetType().Name}; a secret must be a string, a SecureString or a PSCredential (its password is used).";
                    return null;
            }
        }

        private static string Plain(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
