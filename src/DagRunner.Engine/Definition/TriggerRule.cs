namespace DagRunner.Engine.Definition
{
    /// <summary>The <c>when:</c> of a node: which outcomes of its needs let it run.</summary>
    public enum TriggerRule
    {
        /// <summary>Run only if every need Succeeded (the default).</summary>
        Success,

        /// <summary>Run if every need Succeeded or was Skipped.</summary>
        NotFailed,

        /// <summary>Run only if some need Failed.</summary>
        Failure,

        /// <summary>Run once every need has finished, whatever its status; also runs as cleanup after Ctrl+C.</summary>
        Always,
    }
}
