using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DagRunner.MSBuild.Protocol
{
    /// <summary>
    /// What the task makes of the cmdlet's error and warning events: every one gets a task code (DAGnnnn; ids that
    /// already are one stay as they are), and advice written for a console (-Definition, Invoke-Dag, -LockTimeout)
    /// becomes what to change in a build (the task's attributes).
    /// </summary>
    internal static class CmdletIds
    {
        private static readonly Regex DagCode = new Regex("^DAG[A-Z]*[0-9]+$", RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, string> ByCmdletId = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["WorkflowFileNotFound"] = Codes.WorkflowFileNotFound,
            ["WorkflowFileUnreadable"] = Codes.WorkflowFileNotFound,
            ["NodeNotFound"] = Codes.NodeNotFound,
            ["RunLocked"] = Codes.RunLocked,
            ["CheckpointCorrupt"] = Codes.CheckpointUnusable,
            ["CheckpointNewerFormat"] = Codes.CheckpointUnusable,
            ["CheckpointForeignWorkflow"] = Codes.CheckpointUnusable,
            ["CheckpointNotFound"] = Codes.CheckpointUnusable,
            ["CheckpointWriteFailed"] = Codes.CheckpointWriteFailed,
            ["CheckpointNotCompacted"] = Codes.CheckpointNotCompacted,
            ["ModuleNotFound"] = Codes.SharedCodeFailed,
            ["SetupFailed"] = Codes.SharedCodeFailed,
            ["LockTakenOver"] = Codes.LockTakenOver,
        };

        // Console advice, in the cmdlets' words, and what a build does instead. Longest first: they overlap.
        private static readonly (string Console, string Build)[] Advice =
        {
            ("Check the path, or pass an inline workflow with -Definition.", "Check the RunDag task's Path."),
            ("Run Invoke-Dag to start a new run, or pass the -CheckpointPath the run used.", "Build with Resume=\"false\" to start a new run, or set the CheckpointPath the run used."),
            ("Pass the right -CheckpointPath, or run Invoke-Dag to start a new run", "Set the right CheckpointPath, or build with Resume=\"false\" to start a new run"),
            ("run Invoke-Dag to start a new run", "build with Resume=\"false\" to start a new run"),
            ("Invoke-Dag replaces it", "a build with Resume=\"false\" replaces it"),
            ("pass -LockTimeout to wait for it (for example -LockTimeout 10m)", "set LockTimeout to wait for it (for example LockTimeout=\"10m\")"),
            ("use another -CheckpointPath to run a separate copy", "set another CheckpointPath to run a separate copy"),
            ("Use -CheckpointPath to put it elsewhere, or -NoCheckpoint.", "Set CheckpointPath to put it elsewhere."),
            ("then run Resume-Dag to go on from there", "then build with Resume=\"true\" to go on from there"),
            ("Resume-Dag records the run it continues there", "A build with Resume=\"true\" records the run it continues there"),
            ("pass the copy's checkpoint with -CheckpointPath", "set CheckpointPath to the copy's checkpoint"),
        };

        /// <summary>The code to log <paramref name="id"/> under: itself when it is a DAG code, else its task code, else <paramref name="fallback"/>.</summary>
        public static string CodeOf(string? id, string fallback)
        {
            if (id == null)
            {
                return fallback;
            }

            if (DagCode.IsMatch(id))
            {
                return id;
            }

            return ByCmdletId.TryGetValue(id, out var code) ? code : fallback;
        }

        /// <summary>
        /// The message as a build should read it: console advice replaced; an id with no code of its own is kept in
        /// the text ("(ParameterArgumentValidationError)"), so nothing the cmdlet said is lost.
        /// </summary>
        public static string MessageFor(string? id, string message)
        {
            foreach (var (console, build) in Advice)
            {
                message = message.Replace(console, build);
            }

            var unmapped = id != null && !DagCode.IsMatch(id) && !ByCmdletId.ContainsKey(id);
            return unmapped ? $"{message} ({id})" : message;
        }
    }
}
