using System.Management.Automation;

namespace DagRunner.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Validates a workflow without running it.</para>
    /// <para type="description">Writes one error per problem (file, line, column, stable DAGnnnn id) and returns $true or $false.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "Dag", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(bool))]
    public sealed class TestDagCommand : DagCommandBase
    {
        protected override void ProcessRecord()
        {
            var result = Load();
            WriteObject(result != null && Output.Report(result.Diagnostics));
        }
    }
}
