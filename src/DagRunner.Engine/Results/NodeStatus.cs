namespace DagRunner.Engine.Results
{
    /// <summary>How a node ended.</summary>
    public enum NodeStatus
    {
        /// <summary>Never started: the run was cancelled or stopped (-FailFast) before the node was ready.</summary>
        NotRun,

        Succeeded,

        Failed,

        /// <summary>Did not run because of its needs (<c>when:</c>) or its <c>if:</c>.</summary>
        Skipped,

        /// <summary>Was running when the run was cancelled (Ctrl+C) and was stopped.</summary>
        Cancelled,

        /// <summary>Only in a checkpoint: the node had started when the process that ran it died (killed, crashed, the machine restarted).</summary>
        Interrupted,

        /// <summary>Only in a checkpoint: the node is running now, in a run that is still going.</summary>
        Running,
    }

    /// <summary>How a run ended.</summary>
    public enum DagRunStatus
    {
        Succeeded,

        /// <summary>At least one node Failed without <c>continueOnError</c>.</summary>
        Failed,

        /// <summary>Stopped by Ctrl+C, SIGTERM (or the caller's cancellation) before every node finished.</summary>
        Cancelled,

        /// <summary>Only in a checkpoint: the process running the run died before the run ended (killed, crashed, the machine restarted).</summary>
        Interrupted,

        /// <summary>Only in a checkpoint: the run is still going (its process holds the run lock).</summary>
        Running,
    }

    /// <summary>Why a node's status is not plainly what it looks like. <see cref="None"/> for a plain success or failure.</summary>
    public enum NodeReason
    {
        None,

        /// <summary>Its <c>if:</c> was false.</summary>
        ConditionFalse,

        /// <summary>A need Failed (or, for <c>when: notFailed</c>, any need Failed).</summary>
        UpstreamFailed,

        /// <summary>A need was Skipped or did not run.</summary>
        UpstreamSkipped,

        /// <summary><c>when: failure</c> and no need Failed.</summary>
        NoUpstreamFailure,

        /// <summary>Failed, but <c>continueOnError</c> keeps the run from failing.</summary>
        AllowedFailure,

        /// <summary>Every attempt failed and the <c>fallback:</c> succeeded.</summary>
        Degraded,

        /// <summary>An attempt ran past its <c>timeout:</c> and was stopped.</summary>
        TimedOut,

        /// <summary>Not run again: restored from the checkpoint of an earlier run.</summary>
        Resumed,

        /// <summary>The run was cancelled (Ctrl+C) before or while the node ran.</summary>
        RunCancelled,

        /// <summary>Not started because another node failed and the run uses <c>-FailFast</c>.</summary>
        FailFast,

        /// <summary>The run's <c>timeout:</c> passed before the node could start or finish.</summary>
        RunTimedOut,

        /// <summary>Resumed run: ran again because its definition (script, settings or the variables it uses) changed.</summary>
        DefinitionChanged,

        /// <summary>Resumed run: ran again because a node it needs ran again, so its inputs may differ.</summary>
        UpstreamChanged,

        /// <summary>Resumed run: ran again because it Failed in the checkpointed run.</summary>
        PreviouslyFailed,

        /// <summary>Resumed run: ran again because it was Cancelled in the checkpointed run.</summary>
        PreviouslyCancelled,

        /// <summary>Resumed run: ran again because the process running it died while it ran (Interrupted in the checkpoint).</summary>
        PreviouslyInterrupted,

        /// <summary>Resumed run: ran again because it was Skipped in the checkpointed run.</summary>
        PreviouslySkipped,

        /// <summary>Resumed run: ran because it never started in the checkpointed run, or is not in its checkpoint.</summary>
        PreviouslyNotRun,

        /// <summary>
        /// In a checkpoint: its success was voided when a node that <c>invalidates:</c> it started (a rollback), so a resume
        /// runs it again. In a resumed run: it ran again for that reason.
        /// </summary>
        Invalidated,

        /// <summary>Resumed run: ran again because one of its <c>inputs:</c> files changed since it succeeded.</summary>
        InputsChanged,

        /// <summary>Resumed run: ran again because <c>Resume-Dag -Rerun</c> named it (or the foreach node it is an instance of).</summary>
        RerunRequested,

        /// <summary>A <c>foreach</c> node whose item list was empty: nothing to do, which is success.</summary>
        EmptyForeach,

        /// <summary>An incremental node (<c>inputs:</c>/<c>outputs:</c>) whose definition, inputs and needs' outputs did not change: not run, output restored.</summary>
        UpToDate,

        /// <summary>
        /// Its host (<c>on:</c>) could not be reached, or the PowerShell session to it broke while the node ran;
        /// the node's script did not run to the end there.
        /// </summary>
        HostUnreachable,
    }
}
