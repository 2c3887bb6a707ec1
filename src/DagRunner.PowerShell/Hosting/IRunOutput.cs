using System.Collections.Generic;
using System.Management.Automation;
using DagRunner.Engine.Events;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Results;
using DagRunner.Engine.Validation;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>
    /// Where a cmdlet's run goes: PowerShell's streams (<see cref="HostRunOutput"/>) or JSON lines for tools
    /// (<see cref="JsonRunOutput"/>). Every method is called on the pipeline thread. After Ctrl+C (<c>Stopping</c>), when every
    /// Write* throws, events still come: an output writes them through <c>Host.UI</c>, which does not go through the pipeline.
    /// </summary>
    internal interface IRunOutput
    {
        /// <summary>Reports problems found before a run (the workflow's, missing secrets); true when none is an error.</summary>
        bool Report(IReadOnlyList<Diagnostic> diagnostics);

        /// <summary>A cmdlet-level error (no run happens or it could not finish).</summary>
        void Error(ErrorRecord record);

        /// <param name="id">A stable id tools can match (JSON output's <c>id</c>; the end of the text in PowerShell's warning stream); null for a plain warning.</param>
        void Warning(string message, string? id = null);

        /// <summary>A remark for whoever reads the run closely, not a problem: the verbose stream, or a JSON <c>note</c> event.</summary>
        void Note(string message, string id);

        /// <summary>An engine event as it happens.</summary>
        void Event(RunEvent runEvent, ExecutionPlan plan);

        /// <summary>Called a few times a second while a run goes, on the pipeline thread (the live view redraws).</summary>
        void Tick();

        /// <summary>The run is over.</summary>
        void Finished(DagRunResult result, ExecutionPlan plan);

        /// <summary>SIGTERM stopped the run: the process exits right after <see cref="Finished"/>, so nothing downstream reads the pipeline.</summary>
        void Terminating();
    }
}
