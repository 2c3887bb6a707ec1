using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Utils;
using DagRunner.Engine.Validation;

namespace DagRunner.Engine.Loading
{
    /// <summary>Reads the top-level <c>hosts:</c> and checks each node's <c>on:</c> against it.</summary>
    internal static class HostsReader
    {
        private static readonly Regex ValidName = new Regex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

        private static readonly string[] SshOnly = { "hostName", "userName", "keyFilePath", "subsystem", "options" };

        private static readonly string[] WinRmOnly = { "computerName", "useSSL", "configurationName" };

        /// <summary>The hosts by name (case-insensitive); entries with problems are reported and left out.</summary>
        public static IReadOnlyDictionary<string, HostDefinition> Read(RawEntry entry, ReadContext context)
        {
            var hosts = new Dictionary<string, HostDefinition>(StringComparer.OrdinalIgnoreCase);
            var mapping = SettingReader.Mapping(entry, "a mapping of host names to connections, e.g. { web1: { hostName: web1.example.com, userName: deploy } }", context);
            if (mapping == null)
            {
                return hosts;
            }

            foreach (var host in MappingKeys.UniqueNames(mapping, "in 'hosts'", "Each host needs a name of its own: rename or remove one.", context))
            {
                var definition = ReadHost(host, context);
                if (definition != null)
                {
                    hosts.Add(host.Name, definition);
                }
            }

            return hosts;
        }

        /// <summary>
        /// The hosts a node's <c>on:</c> names (one name or a list), each checked against <paramref name="hosts"/>
        /// (null when the workflow has no <c>hosts:</c>). Names keep the spelling of the <c>hosts:</c> entry.
        /// </summary>
        public static IReadOnlyList<string> ReadOn(RawEntry entry, string nodeId, IReadOnlyDictionary<string, HostDefinition>? hosts, ReadContext context)
        {
            var names = new List<RawScalar>();
            switch (entry.Value)
            {
                case RawScalar scalar when scalar.IsNull:
                    return Array.Empty<string>();
                case RawScalar scalar:
                    names.Add(scalar);
                    break;
                case RawSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        if (item is RawScalar name && !name.IsNull)
                        {
                            names.Add(name);
                        }
                        else
                        {
                            context.Error(DiagnosticIds.WrongType, item.Location, $"Each entry of 'on' must be the name of a host, not {(item is RawScalar ? "empty" : item.ShapeName)}.");
                        }
                    }

                    if (sequence.Items.Count == 0)
                    {
                        context.Error(DiagnosticIds.WrongType, entry.Value.Location, $"'on' of node '{nodeId}' is an empty list. Name at least one host, or remove 'on' to run the node here.");
                    }

                    break;
                default:
                    SettingReader.WrongShape(entry, "the name of a host, or a list of host names", context);
                    return Array.Empty<string>();
            }

            var result = new List<string>();
            foreach (var name in names)
            {
                var resolved = Resolve(name, nodeId, hosts, context);
                if (result.Contains(resolved, StringComparer.OrdinalIgnoreCase))
                {
                    context.Error(DiagnosticIds.DuplicateKey, name.Location, $"Host '{name.Text}' is listed twice in the 'on' of node '{nodeId}'. List it once.");
                    continue;
                }

                result.Add(resolved);
            }

            return result;
        }

        private static string Resolve(RawScalar name, string nodeId, IReadOnlyDictionary<string, HostDefinition>? hosts, ReadContext context)
        {
            if (hosts == null)
            {
                context.Error(DiagnosticIds.UnknownHost, name.Location, $"Node '{nodeId}' is on host '{name.Text}', but the workflow has no top-level 'hosts:'. Add 'hosts: {{ {name.Text}: {{ hostName: <address>, userName: <user> }} }}', or remove 'on' to run the node here.");
                return name.Text;
            }

            if (hosts.TryGetValue(name.Text, out var host))
            {
                return host.Name;
            }

            context.Error(DiagnosticIds.UnknownHost, name.Location, $"Node '{nodeId}' is on host '{name.Text}', which is not in 'hosts'.{NearestName.Suggestion(name.Text, hosts.Keys.ToList(), "hosts")}");
            return name.Text;
        }

        /// <summary>
        /// A node on several hosts runs as one <c>foreach</c> instance per host, <c>node[host]</c>, each on its host
        /// with the host's name as <c>$Item</c>: the foreach its <c>on:</c> stands for. Null when it is on one host
        /// or none; reported (and null) when the node has a <c>foreach</c> of its own, which would need every item
        /// on every host.
        /// </summary>
        public static ForEachSpec? ForEachHost(IReadOnlyList<string> on, SourceLocation onLocation, string nodeId, ForEachSpec? forEach, ReadContext context)
        {
            if (on.Count < 2)
            {
                return null;
            }

            if (forEach != null)
            {
                context.Error(DiagnosticIds.BadValue, onLocation, $"Node '{nodeId}' has 'foreach' and is on {on.Count} hosts, which makes one instance per host already. Keep one of them: 'on: <host>' with 'foreach', or 'on: [hosts]' alone.");
                return null;
            }

            return new ForEachSpec(on.Cast<object?>().ToArray(), null, onLocation);
        }

        private static HostDefinition? ReadHost(RawEntry host, ReadContext context)
        {
            if (!ValidName.IsMatch(host.Name))
            {
                context.Error(DiagnosticIds.BadValue, host.Key.Location, $"Host name '{host.Name}' must start with an ASCII letter (A-Z, a-z) or '_' and hold only ASCII letters, digits, '_', '-' and '.'. Rename it (the address goes in 'hostName' or 'computerName').");
            }

            var mapping = SettingReader.Mapping(host, "a mapping such as { hostName: web1.example.com, userName: deploy } (SSH) or { computerName: web1 } (WinRM)", context);
            if (mapping == null)
            {
                if (host.Value is RawScalar scalar && scalar.IsNull)
                {
                    context.Error(DiagnosticIds.BadHost, host.Key.Location, $"Host '{host.Name}' is empty. Give it 'hostName:' (PowerShell over SSH) or 'computerName:' (WinRM).");
                }

                return null;
            }

            var keys = MappingKeys.Collect(mapping, MappingKeys.Host, $"in host '{host.Name}'", context);
            bool ssh = keys.ContainsKey("hostName");
            if (ssh == keys.ContainsKey("computerName"))
            {
                var problem = ssh ? "has both 'hostName' and 'computerName'" : "has neither 'hostName' nor 'computerName'";
                context.Error(DiagnosticIds.BadHost, host.Key.Location, $"Host '{host.Name}' {problem}. Give it exactly one: 'hostName:' for PowerShell over SSH, or 'computerName:' for WinRM.");
                return null;
            }

            var transport = ssh ? HostTransport.Ssh : HostTransport.WinRM;
            foreach (var key in ssh ? WinRmOnly : SshOnly)
            {
                if (keys.TryGetValue(key, out var other))
                {
                    var kind = ssh ? "WinRM ('computerName')" : "SSH ('hostName')";
                    context.Error(DiagnosticIds.BadHost, other.Key.Location, $"'{key}' applies to {kind} hosts, and host '{host.Name}' uses {(ssh ? "SSH ('hostName')" : "WinRM ('computerName')")}. Remove '{key}'.");
                }
            }

            var address = Text(keys, ssh ? "hostName" : "computerName", context);
            if (string.IsNullOrWhiteSpace(address))
            {
                context.Error(DiagnosticIds.BadHost, keys[ssh ? "hostName" : "computerName"].Key.Location, $"Host '{host.Name}' has an empty '{(ssh ? "hostName" : "computerName")}'. Write the machine's DNS name or IP address.");
                return null;
            }

            return new HostDefinition
            {
                Name = host.Name,
                Location = host.Key.Location,
                Transport = transport,
                HostName = ssh ? address : null,
                ComputerName = ssh ? null : address,
                UserName = Text(keys, "userName", context),
                KeyFilePath = ResolvePath(Text(keys, "keyFilePath", context), context),
                Port = keys.TryGetValue("port", out var port) ? Port(port, context) : null,
                Subsystem = Text(keys, "subsystem", context),
                Options = keys.TryGetValue("options", out var options) ? ReadOptions(options, context) : new Dictionary<string, string>(),
                UseSsl = keys.TryGetValue("useSSL", out var useSsl) && SettingReader.Bool(useSsl, context) == true,
                ConfigurationName = Text(keys, "configurationName", context),
                MaxSessions = (keys.TryGetValue("maxSessions", out var max) ? SettingReader.Int(max, context, minimum: 1) : null) ?? HostDefinition.DefaultMaxSessions,
                ConnectTimeout = (keys.TryGetValue("connectTimeout", out var timeout) ? SettingReader.Duration(timeout, context, allowZero: false) : null) ?? HostDefinition.DefaultConnectTimeout,
            };
        }

        private static string? Text(IReadOnlyDictionary<string, RawEntry> keys, string key, ReadContext context)
            => keys.TryGetValue(key, out var entry) ? SettingReader.Text(entry, context) : null;

        private static int? Port(RawEntry entry, ReadContext context)
        {
            var port = SettingReader.Int(entry, context, minimum: 1);
            if (port > 65535)
            {
                context.Error(DiagnosticIds.BadValue, entry.Value.Location, $"'port' must be at most 65535, not {port}.");
                return null;
            }

            return port;
        }

        /// <summary><c>name: value</c> pairs for the ssh client; YAML booleans become yes/no, as ssh writes them.</summary>
        private static IReadOnlyDictionary<string, string> ReadOptions(RawEntry entry, ReadContext context)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var mapping = SettingReader.Mapping(entry, "a mapping of ssh options, e.g. { StrictHostKeyChecking: accept-new }", context);
            if (mapping == null)
            {
                return options;
            }

            foreach (var option in MappingKeys.UniqueNames(mapping, "in 'options'", "Keep one of them.", context))
            {
                var scalar = SettingReader.Scalar(option, "a single value (ssh -o Name=Value)", context);
                if (scalar != null)
                {
                    options[option.Name] = ValueConverter.ScalarValue(scalar) is bool flag ? (flag ? "yes" : "no") : scalar.Text;
                }
            }

            return options;
        }

        /// <summary>A key file's full path: <c>~</c> is the home folder, relative paths start at the workflow's folder.</summary>
        private static string? ResolvePath(string? path, ReadContext context)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            if (path == "~" || path!.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            {
                path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Substring(Math.Min(2, path.Length)));
            }

            try
            {
                return Path.GetFullPath(Path.Combine(context.BaseDirectory, path));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return path;
            }
        }
    }
}
