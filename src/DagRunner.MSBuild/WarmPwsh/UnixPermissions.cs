using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DagRunner.MSBuild.WarmPwsh
{
    /// <summary>
    /// Keeps the warm pwsh's socket to its owner: a warm pwsh runs whatever workflow a connection asks for, so no other
    /// user may connect. The file mode stops them on Linux; the peer check stops them everywhere (macOS ignores a
    /// socket file's mode).
    /// </summary>
    internal static class UnixPermissions
    {
        private const int OwnerReadWrite = 0x180; // 0600

        /// <summary>Makes <paramref name="path"/> readable and writable by its owner alone; throws SocketException when it cannot.</summary>
        public static void OwnerOnly(string path)
        {
            if (chmod(path, OwnerReadWrite) != 0)
            {
                throw new SocketException(Marshal.GetLastWin32Error());
            }
        }

        /// <summary>True when the process at the other end of <paramref name="connection"/> runs as this process's user.</summary>
        public static bool IsSameUser(Socket connection)
            => SystemNative_GetPeerID(connection.Handle, out var peer) == 0 && peer == SystemNative_GetEUid();

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, int mode);

        // .NET's own native shim, which NamedPipeServerStream's CurrentUserOnly check uses (getpeereid or SO_PEERCRED).
        [DllImport("libSystem.Native")]
        private static extern int SystemNative_GetPeerID(IntPtr socket, out uint euid);

        [DllImport("libSystem.Native")]
        private static extern uint SystemNative_GetEUid();
    }
}
