using System;
using System.IO;
using System.Reflection;
using System.Text;
using DagRunner.Engine.Planning;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A run as one self-contained HTML page: the graph (laid out in the page by the inlined dagre), the Gantt, the
    /// node table, each node's log and error, and the run's facts. Styles, scripts and data are all inline, so the
    /// file opens anywhere without network access, for example as a CI artifact.
    /// </summary>
    /// <remarks>
    /// The template and dagre are resources of this assembly (see Export/Report/README.md). Data goes in as JSON in
    /// a <c>&lt;script type="application/json"&gt;</c> element whose every <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>
    /// is escaped, and the page's script writes it with <c>textContent</c> only: no node name or log line can
    /// close the element or become markup.
    /// </remarks>
    internal static class HtmlReport
    {
        private const string DataMarker = "/*{{data}}*/";
        private const string LayoutMarker = "/*{{dagre}}*/";

        /// <summary>The report of <paramref name="report"/>; <paramref name="plan"/> gives the edges (none without it).</summary>
        public static string Build(ResultReport report, RunFacts facts, ExecutionPlan? plan)
        {
            Guard.NotNull(report);
            Guard.NotNull(facts);
            var template = Resource("report.html");
            var data = HtmlReportData.Build(report, facts, plan);
            var layout = ScriptText(Resource("dagre.min.js"));
            int dataAt = template.IndexOf(DataMarker, StringComparison.Ordinal);
            int layoutAt = template.IndexOf(LayoutMarker, StringComparison.Ordinal);
            if (dataAt < 0 || layoutAt < 0 || layoutAt > dataAt)
            {
                throw new InvalidOperationException("The report template lacks its markers.");
            }

            // Spliced by position, not by Replace: nothing in the data is ever read as a marker.
            var page = new StringBuilder(template.Length + data.Length + layout.Length);
            page.Append(template, 0, layoutAt).Append(layout);
            page.Append(template, layoutAt + LayoutMarker.Length, dataAt - layoutAt - LayoutMarker.Length).Append(data);
            page.Append(template, dataAt + DataMarker.Length, template.Length - dataAt - DataMarker.Length);
            return page.ToString();
        }

        /// <summary>A script inlined in a <c>&lt;script&gt;</c> element: <c>&lt;/</c> would end the element, <c>&lt;\/</c> means the same to JavaScript.</summary>
        internal static string ScriptText(string script) => script.Replace("</", "<\\/");

        private static string Resource(string name)
        {
            var assembly = typeof(HtmlReport).GetTypeInfo().Assembly;
            using var stream = assembly.GetManifestResourceStream("DagRunner.Engine.Export.Report." + name)
                ?? throw new InvalidOperationException($"The report resource '{name}' is missing from {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }
}
