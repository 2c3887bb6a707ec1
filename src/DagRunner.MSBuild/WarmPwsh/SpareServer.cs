using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using DagRunner.MSBuild.Protocol;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// The warm pwsh's side (called from <c>tools/WarmPwsh.ps1</c>): hold the key's lock, wait for one build, take its
    /// request, and hand back the lines the run prints. One build per process: a warm pwsh never runs a second
    /// workflow, so nothing one build's nodes did to the process can reach another build.
    /// </summary>
    /// <remarks>
    /// The wire, a Unix socket, one UTF-8 line each: the spare sends <c>ready &lt;pid&gt;</c>; the build answers with its request (a JSON
    /// object: cwd, variables, arguments); the spare then sends <c>o &lt;line&gt;</c> for stdout, <c>e &lt;line&gt;</c> for
    /// stderr and, last, <c>x &lt;exit code&gt;</c>. This class never references MSBuild types, so pwsh can load it
    /// from the task's assembly.
    /// </remarks>
    public static class SpareServer
    {
        /// <summary>Pipe option that checks the peer is this user (PipeOptions.CurrentUserOnly, absent from netstandard2.0).</summary>
        internal const System.IO.Pipes.PipeOptions CurrentUserOnly = (System.IO.Pipes.PipeOptions)0x20000000;

        /// <summary>
        /// Takes the key's lock file, waiting up to <paramref name="wait"/> for a warm pwsh that is handing over; null
        /// when another warm pwsh for the same key still holds it (this one then has nothing to do).
        /// </summary>
        public static FileStream? TakeLock(string lockPath, TimeSpan wait)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (clock.Elapsed < wait)
                {
                    Thread.Sleep(50);
                }
                catch (IOException)
                {
                    return null;
                }
            }
        }

        /// <summary>
        /// Listens on <paramref name="socketPath"/> until one build of this user connects and sends its request, or
        /// <paramref name="idle"/> passes (null). The socket is closed and its file removed as soon as a build
        /// connects (another build waiting behind it is refused at once and starts pwsh itself), then the lock is let
        /// go, so the next warm pwsh can start while this one runs.
        /// </summary>
        /// <remarks>
        /// A plain Unix socket, not NamedPipeServerStream: that one keeps listening after its connection and removes
        /// its path when it is disposed, which would be the next warm pwsh's socket by then. What it checked is done
        /// here: the socket file is the owner's alone (0600) and a connection from another user is dropped.
        /// </remarks>
        public static SpareSession? WaitForBuild(string socketPath, FileStream heldLock, TimeSpan idle)
        {
            Socket? connection = null;
            try
            {
                // The lock makes the path ours: a file there is a socket left by a warm pwsh that was killed.
                File.Delete(socketPath);
                using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listener.Bind(UnixEndPoint(socketPath));
                UnixPermissions.OwnerOnly(socketPath);
                listener.Listen(1);
                var clock = Stopwatch.StartNew();
                while (connection == null)
                {
                    var left = idle - clock.Elapsed;
                    if (left <= TimeSpan.Zero || !listener.Poll((int)Math.Min(left.Ticks / 10, int.MaxValue), SelectMode.SelectRead))
                    {
                        if (clock.Elapsed >= idle)
                        {
                            return null;
                        }

                        continue;
                    }

                    connection = listener.Accept();
                    if (!UnixPermissions.IsSameUser(connection))
                    {
                        connection.Dispose();
                        connection = null;
                    }
                }
            }
            catch (SocketException)
            {
                connection?.Dispose();
                return null;
            }
            finally
            {
                TryDelete(socketPath);
                heldLock.Dispose();
            }

            var stream = new NetworkStream(connection, ownsSocket: true);
            try
            {
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                writer.WriteLine("ready " + Process.GetCurrentProcess().Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.Flush();
                var request = ReadLine(stream);
                var fields = request == null ? null : JsonReader.ParseObject(request);
                if (fields == null)
                {
                    stream.Dispose();
                    return null;
                }

                return new SpareSession(stream, writer, fields);
            }
            catch (IOException)
            {
                stream.Dispose();
                return null;
            }
        }

        /// <summary>System.Net.Sockets.UnixDomainSocketEndPoint, which .NET (pwsh's runtime) has and netstandard2.0 does not name.</summary>
        private static EndPoint UnixEndPoint(string path)
        {
            var type = Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", throwOnError: true)!;
            return (EndPoint)Activator.CreateInstance(type, path)!;
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>Reads one line byte by byte, so nothing after it is buffered away from the stream.</summary>
        internal static string? ReadLine(Stream stream)
        {
            var bytes = new List<byte>();
            while (true)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }

                if (b == '\n')
                {
                    return Encoding.UTF8.GetString(bytes.ToArray());
                }

                bytes.Add((byte)b);
            }
        }
    }
}
