using System;
using System.IO;

namespace DagRunner.MSBuild.Tests.TestSupport
{
    /// <summary>
    /// A stand-in for pwsh: a shell script that records its arguments (and where it was told to leave a no-change record), prints the protocol lines of $FAKE_EVENTS and
    /// exits $FAKE_EXIT; with $FAKE_WAIT_FOR_INT it starts a run and waits for Ctrl+C. Also the protocol lines it prints.
    /// </summary>
    internal static class FakePwsh
    {
        public const string Script = """
            #!/bin/sh
            if [ -n "$FAKE_ARGS" ]; then printf '%s\n' "$@" > "$FAKE_ARGS"; fi
            if [ -n "$FAKE_RECORD_PATH" ]; then printf '%s' "$DAGRUNNER_NOCHANGE_RECORD" > "$FAKE_RECORD_PATH"; fi
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

        /// <summary>Writes the script as an executable file in the folder and returns its path.</summary>
        public static string Install(string folder)
        {
            var path = Path.Combine(folder, "fake-pwsh");
            File.WriteAllText(path, Script.Replace("\r\n", "\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return path;
        }

        public const string Started = "{\"event\":\"runStarted\",\"workflow\":\"w\",\"runId\":\"r1\",\"path\":\"/src/w.dag.yaml\",\"nodes\":2,\"parallelism\":0,\"pid\":1}";

        public static string Finished(string node, string status, string? error = null)
            => $"{{\"event\":\"nodeFinished\",\"node\":\"{node}\",\"status\":\"{status}\",\"reason\":\"None\",\"attempts\":1,\"durationMs\":10,\"file\":\"/src/w.dag.yaml\",\"line\":4,\"column\":3,\"error\":{(error == null ? "null" : $"\"{error}\"")}}}";

        public static string RunFinished(string status) => $"{{\"event\":\"runFinished\",\"status\":\"{status}\",\"durationMs\":20,\"runId\":\"r1\"}}";
    }
}
