using DagRunner.Engine.Results;

namespace DagRunner.Engine.Export
{
    /// <summary>The colour classes of a graph: a status, refined by the reasons that change what it means to a reader.</summary>
    internal enum StatusClass
    {
        Succeeded,

        /// <summary>Succeeded through its <c>fallback:</c> after every attempt failed.</summary>
        Degraded,

        /// <summary>Succeeded in an earlier session; restored from the checkpoint, not run again.</summary>
        Resumed,

        Failed,

        /// <summary>Failed under <c>continueOnError</c>: the run went on as if it had succeeded.</summary>
        AllowedFailure,

        Skipped,

        Cancelled,

        NotRun,
    }

    /// <summary>
    /// One palette for every graph format, so a Mermaid picture and a DOT picture of the same run read alike.
    /// Green, red and grey carry the usual meanings; the in-between outcomes get colours of their own, because an
    /// allowed failure or a degraded success is exactly what a reader of a green run should still notice.
    /// </summary>
    internal static class StatusStyle
    {
        /// <summary>Every class, in the order their definitions are written.</summary>
        public static readonly StatusClass[] All =
        {
            StatusClass.Succeeded, StatusClass.Degraded, StatusClass.Resumed, StatusClass.Failed,
            StatusClass.AllowedFailure, StatusClass.Skipped, StatusClass.Cancelled, StatusClass.NotRun,
        };

        public static StatusClass ClassOf(NodeStatus status, NodeReason reason) => status switch
        {
            NodeStatus.Succeeded when reason == NodeReason.Degraded => StatusClass.Degraded,
            NodeStatus.Succeeded when reason == NodeReason.Resumed => StatusClass.Resumed,
            NodeStatus.Succeeded => StatusClass.Succeeded,
            NodeStatus.Failed when reason == NodeReason.AllowedFailure => StatusClass.AllowedFailure,
            NodeStatus.Failed => StatusClass.Failed,
            NodeStatus.Skipped => StatusClass.Skipped,
            NodeStatus.Cancelled => StatusClass.Cancelled,
            _ => StatusClass.NotRun,
        };

        /// <summary>The Mermaid <c>classDef</c> name: the class in camel case.</summary>
        public static string Name(StatusClass c)
        {
            var text = c.ToString();
            return char.ToLowerInvariant(text[0]) + text.Substring(1);
        }

        public static string Fill(StatusClass c) => c switch
        {
            StatusClass.Succeeded => "#c8e6c9",
            StatusClass.Degraded => "#f0f4c3",
            StatusClass.Resumed => "#b2dfdb",
            StatusClass.Failed => "#ffcdd2",
            StatusClass.AllowedFailure => "#ffe0b2",
            StatusClass.Skipped => "#eeeeee",
            StatusClass.Cancelled => "#ffecb3",
            _ => "#ffffff",
        };

        public static string Stroke(StatusClass c) => c switch
        {
            StatusClass.Succeeded => "#2e7d32",
            StatusClass.Degraded => "#827717",
            StatusClass.Resumed => "#00695c",
            StatusClass.Failed => "#c62828",
            StatusClass.AllowedFailure => "#e65100",
            StatusClass.Skipped => "#9e9e9e",
            StatusClass.Cancelled => "#ff8f00",
            _ => "#9e9e9e",
        };

        /// <summary>Dark text on every fill; the grey classes get grey text, so what did not run recedes.</summary>
        public static string Text(StatusClass c) => c == StatusClass.Skipped || c == StatusClass.NotRun ? "#616161" : "#000000";

        /// <summary>Nodes that never started have a dashed outline: there is nothing behind them.</summary>
        public static bool Dashed(StatusClass c) => c == StatusClass.NotRun || c == StatusClass.Skipped;
    }
}
