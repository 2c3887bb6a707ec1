using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Events;
using DagRunner.Engine.Execution.Incremental;
using DagRunner.Engine.Execution.Invocation;
using Microsoft.Extensions.FileSystemGlobbing;

namespace DagRunner.Engine.Execution.Remote
{
    /// <summary>
    /// <c>transfer: true</c>: before the node's script, its <c>inputs:</c> (matched here, in the workflow's folder) are
    /// copied to a folder of the attempt on the host, at the same relative paths, and the node runs in that folder;
    /// after a success, the files there that its <c>outputs:</c> match are copied back to the same paths here. Each
    /// way writes a line to the node's log with the count, the bytes and the time. Paths outside the workflow's
    /// folder cannot be mirrored on the host and fail the attempt.
    /// </summary>
    internal sealed class FileTransfer
    {
        /// <summary>How much of a file one round trip carries. <value>The default value is 1 MiB.</value></summary>
        public const int ChunkSize = 1 << 20;

        private readonly NodeInvocation invocation;
        private readonly NodeExecutionRequest request;
        private readonly HostDefinition host;
        private readonly TimeSpan grace;
        private readonly Func<DateTime> now;
        private string folder = string.Empty;

        public FileTransfer(NodeInvocation invocation, NodeExecutionRequest request, HostDefinition host, TimeSpan grace, Func<DateTime> now)
        {
            this.invocation = invocation;
            this.request = request;
            this.host = host;
            this.grace = grace;
            this.now = now;
        }

        private NodeDefinition Node => request.Node;

        private string BaseDirectory => request.Run.Workflow.BaseDirectory;

        /// <summary>Makes the attempt's folder on the host its current location and copies the inputs there; null when done, else the failure.</summary>
        public async Task<NodeInvocation.Completion?> SendInputsAsync(CancellationToken cancellationToken)
        {
            var prepared = await InvokeAsync(TransferScripts.Prepare, cancellationToken, FolderName()).ConfigureAwait(false);
            if (prepared.Outcome != NodeOutcome.Succeeded)
            {
                return prepared;
            }

            folder = (prepared.Output.LastOrDefault() is PSObject pso ? pso.BaseObject : prepared.Output.LastOrDefault()) as string ?? string.Empty;
            var files = FileGlobs.Expand(BaseDirectory, Node.Inputs);
            CheckInside(files, "inputs");
            var watch = Stopwatch.StartNew();
            long bytes = 0;
            foreach (var relative in files)
            {
                var sent = await SendAsync(relative, cancellationToken).ConfigureAwait(false);
                if (sent.Failure is { } failure)
                {
                    return failure;
                }

                bytes += sent.Bytes;
            }

            Log($"transfer: {Count(files.Count)} ({Size(bytes)}) copied to {host.Name}:{folder} in {Seconds(watch.Elapsed)}");
            return null;
        }

        /// <summary>Copies back the files in the attempt's folder that the outputs match; null when done, else the failure.</summary>
        public async Task<NodeInvocation.Completion?> FetchOutputsAsync(CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var listed = await InvokeAsync(TransferScripts.List, cancellationToken, folder).ConfigureAwait(false);
            if (listed.Outcome != NodeOutcome.Succeeded)
            {
                return listed;
            }

            var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var item in listed.Output.OfType<PSObject>())
            {
                lengths[(string)item.Properties["Path"].Value] = Convert.ToInt64(item.Properties["Length"].Value, CultureInfo.InvariantCulture);
            }

            var matched = Match(lengths.Keys);
            long bytes = 0;
            foreach (var relative in matched)
            {
                var fetched = await FetchAsync(relative, lengths[relative], cancellationToken).ConfigureAwait(false);
                if (fetched != null)
                {
                    return fetched;
                }

                bytes += lengths[relative];
            }

            Log($"transfer: {Count(matched.Count)} ({Size(bytes)}) copied back from {host.Name} in {Seconds(watch.Elapsed)}");
            return null;
        }

        private async Task<(NodeInvocation.Completion? Failure, long Bytes)> SendAsync(string relative, CancellationToken cancellationToken)
        {
            var target = folder + "/" + relative;
            using var stream = File.OpenRead(Path.Combine(BaseDirectory, relative));
            var buffer = new byte[ChunkSize];
            long total = 0;
            bool first = true;
            do
            {
                int read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                var chunk = new byte[read];
                Buffer.BlockCopy(buffer, 0, chunk, 0, read);
                var written = await InvokeAsync(TransferScripts.WriteChunk, cancellationToken, target, chunk, first).ConfigureAwait(false);
                if (written.Outcome != NodeOutcome.Succeeded)
                {
                    return (written, total);
                }

                total += read;
                first = false;
            }
            while (total < stream.Length);
            return (null, total);
        }

        private async Task<NodeInvocation.Completion?> FetchAsync(string relative, long length, CancellationToken cancellationToken)
        {
            var local = Path.Combine(BaseDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            var partial = local + ".dagrunner-part";
            using (var stream = File.Create(partial))
            {
                for (long offset = 0; offset < length; offset += ChunkSize)
                {
                    int count = (int)Math.Min(ChunkSize, length - offset);
                    var read = await InvokeAsync(TransferScripts.ReadChunk, cancellationToken, folder + "/" + relative, offset, count).ConfigureAwait(false);
                    if (read.Outcome != NodeOutcome.Succeeded)
                    {
                        stream.Dispose();
                        File.Delete(partial);
                        return read;
                    }

                    var bytes = (read.Output.LastOrDefault() is PSObject pso ? pso.BaseObject : read.Output.LastOrDefault()) as byte[] ?? Array.Empty<byte>();
                    await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                }
            }

            // Whole or not at all: a fetch that stops half-way leaves the old file.
            if (File.Exists(local))
            {
                File.Delete(local);
            }

            File.Move(partial, local);
            return null;
        }

        /// <summary>The host's files that the outputs match, as the incremental check matches them here.</summary>
        private List<string> Match(IEnumerable<string> files)
        {
            CheckInside(Node.Outputs.Select(p => p.TrimStart('!')).ToList(), "outputs");
            var matcher = new Matcher(StringComparison.Ordinal);
            foreach (var pattern in Node.Outputs)
            {
                if (pattern.StartsWith("!", StringComparison.Ordinal))
                {
                    matcher.AddExclude(pattern.Substring(1));
                }
                else
                {
                    matcher.AddInclude(pattern);
                }
            }

            const string Root = "/dagrunner-transfer";
            var result = matcher.Execute(new InMemoryDirectoryInfo(Root, files.Select(f => Root + "/" + f)));
            return result.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToList();
        }

        private void CheckInside(IReadOnlyList<string> paths, string key)
        {
            var outside = paths.FirstOrDefault(p => Path.IsPathRooted(p) || p.Split('/', '\\').Contains(".."));
            if (outside != null)
            {
                throw new InvalidOperationException($"Node '{Node.Id}' has 'transfer: true', and its '{key}' reach '{outside}', outside the workflow's folder: only files under it can be mirrored on the host. Move them under the workflow's folder, or drop 'transfer'.");
            }
        }

        private Task<NodeInvocation.Completion> InvokeAsync(string script, CancellationToken cancellationToken, params object?[] arguments)
            => invocation.InvokeAsync(
                ps =>
                {
                    ps.AddScript(script, useLocalScope: true);
                    foreach (var argument in arguments)
                    {
                        ps.AddArgument(argument);
                    }
                },
                forwardOutput: false,
                grace,
                cancellationToken);

        /// <summary>A folder name of the node's own: its id with only safe characters, and a hash so two ids never share one.</summary>
        private string FolderName()
        {
            var safe = new string(Node.Id.Select(c => char.IsLetterOrDigit(c) || c == '-' || c == '_' ? c : '_').ToArray());
            return safe + "-" + ((uint)StringComparer.Ordinal.GetHashCode(Node.Id)).ToString("x8", CultureInfo.InvariantCulture);
        }

        private void Log(string line)
        {
            var record = new InformationRecord(line, "DagRunner");
            record.Tags.Add("PSHOST");
            request.Events.Publish(new NodeLogEvent(now(), Node.Id, NodeLogStream.Information, record, host.Name));
        }

        private static string Count(int files) => files == 1 ? "1 file" : files.ToString(CultureInfo.InvariantCulture) + " files";

        private static string Size(long bytes)
            => bytes < 1024 ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
                : bytes < 1 << 20 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB"
                : (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

        private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
    }
}
