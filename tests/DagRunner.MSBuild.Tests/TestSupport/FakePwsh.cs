using System;
using System.IO;

namespace DagRunner.MSBuild.Tests.TestSupport
{
    /// <summary>
    /// A stand-in for pwsh: a shell script that records its arguments (and where it was told to leave a no-change record), prints the protocol lines of $FAKE_EVENTS and
    /// exits $FAKE_EXIT; with $FAKE_WAIT_FOR_INT it starts a run and waits for Ctrl+C; with $FAKE_STARTING it is a pwsh
    /// still starting, which ignores Ctrl+C (it touches $FAKE_STARTING.ready, counts the signals, and ends at the second,
    /// writing the count to $FAKE_STARTING). Also the protocol lines it prints.
    /// </summary>
    internal static class FakePwsh
    {
        public const string Script = """
            #!/bin/sh
            if [ -n "$FAKE_ARGS" ]; then printf '%s\n' "$@" > "$FAKE_ARGS"; fi
            if [ -n "$FAKE_RECORD_PATH" ]; then printf '%s' "$DAGRUNNER_NOCHANGE_RECORD" > "$FAKE_RECORD_PATH"; fi
            if [ -n "$FAKE_STARTING" ]; then
              n=0
              trap 'n=$((n+1))' INT
              : > "$FAKE_STARTING.ready"
              while [ "$n" -lt 2 ]; do sleep 0.05; done
              echo "$n" > "$FAKE_STARTING"
              exit 130
            fi
            if [ -n "$FAKE_WAIT_FOR_INT" ]; then
              sleep 600 &
              trap 'kill $! 2>/dev/null; echo "{\"event\":\"nodeFinished\",\"node\":\"long\",\"status\":\"Cancelled\",\"reason\":\"None\",\"attempts\":1,\"durationMs\":5,\"line\":3,\"column\":3}"; exit 130' INT
              echo "{\"event\":\"runStarted\",\"workflow\":\"w\",\"runId\":\"r\",\"path\":\"/w.yaml\",\"nodes\":1,\"parallelism\":0,\"pid\":$$}"
              echo "{\"event\":\"nodeStarted\",\"node\":\"long\",\"attempt\":1}"
              wait
              exit 0
            fi
            if [ -n "$FAKE_EVENTS" ]; then cat "$FAKE_EVENTS"; fi
            if [ -n "$FAKE_STDERR" ]; then echo "$FAKE_STDERR" >&2; fi
            exit ${FAKE_EXIT:-0}
            """;

        /// <summary>
        /// Written once per test process and shared: writing an executable while another test thread forks lets the
        /// child inherit the open file for a moment, and exec'ing the file then fails with ETXTBSY ("Text file busy"),
        /// which ToolTask reports as MSB6003 (seen once in the suite). Tests differ only in their environment variables.
        /// </summary>
        private static readonly Lazy<string> Shared = new Lazy<string>(WriteShared, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The fake pwsh's path (the shared script; <paramref name="folder"/> is the test's own, unused).</summary>
        public static string Install(string folder) => Shared.Value;

        private static string WriteShared()
        {
            var folder = Directory.CreateTempSubdirectory("dagmsb-fakepwsh-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
            var path = Path.Combine(folder, "fake-pwsh");
            File.WriteAllText(path, Script.Replace("\r\n", "\n") + "\n");
            if (OperatingSystem.IsWindows())
            {
                return path;
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // Run it once, retrying while a fork that happened during the write still holds the file open for writing.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true });
                    process!.StandardOutput.ReadToEnd();
                    process.WaitForExit();
                    return path;
                }
                catch (System.ComponentModel.Win32Exception ex) when (ex.NativeErrorCode == 26 && attempt < 100) // ETXTBSY
                {
                    System.Threading.Thread.Yield();
                }
            }
        }

        public const string Started = "{\"event\":\"runStarted\",\"workflow\":\"w\",\"runId\":\"r1\",\"path\":\"/src/w.dag.yaml\",\"nodes\":2,\"parallelism\":0,\"pid\":1}";

        public static string Finished(string node, string status, string? error = null)
            => $"{{\"event\":\"nodeFinished\",\"node\":\"{node}\",\"status\":\"{status}\",\"reason\":\"None\",\"attempts\":1,\"durationMs\":10,\"file\":\"/src/w.dag.yaml\",\"line\":4,\"column\":3,\"error\":{(error == null ? "null" : $"\"{error}\"")}}}";

        public static string RunFinished(string status) => $"{{\"event\":\"runFinished\",\"status\":\"{status}\",\"durationMs\":20,\"runId\":\"r1\"}}";
    }
}
