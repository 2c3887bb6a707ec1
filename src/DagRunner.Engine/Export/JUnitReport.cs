using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using DagRunner.Engine.Utils;

namespace DagRunner.Engine.Export
{
    /// <summary>
    /// A run as JUnit XML, the test-result format GitHub Actions reporters, Azure DevOps (<c>PublishTestResults</c>),
    /// GitLab (<c>artifacts:reports:junit</c>) and Jenkins read: <c>&lt;testsuites&gt;</c> with one
    /// <c>&lt;testsuite&gt;</c> for the run and one <c>&lt;testcase&gt;</c> per node and per foreach instance.
    /// </summary>
    /// <remarks>
    /// How each status counts is <see cref="ReportNode.Outcome"/>. Numbers are written in the invariant culture (a
    /// <c>de-DE</c> machine still writes <c>1.5</c>), times in seconds with three decimals, the timestamp as local time
    /// without a zone (<c>2026-11-25T10:00:00</c>), as Ant and Maven write it. Characters XML 1.0 cannot hold (control
    /// characters from a tool's colours, lone surrogates) are written as <c>\u001B</c>.
    /// </remarks>
    internal static class JUnitReport
    {
        public static string Build(ResultReport report, string hostName)
        {
            Guard.NotNull(report);
            var settings = new XmlWriterSettings
            {
                Indent = true,
                Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Entitize,
            };
            using var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, settings))
            {
                xml.WriteStartDocument();
                xml.WriteStartElement("testsuites");
                xml.WriteAttributeString("name", XmlText.Clean(report.Workflow));
                WriteCounts(xml, report, withSkipped: false);
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", XmlText.Clean(report.Workflow));
                WriteCounts(xml, report, withSkipped: true);
                xml.WriteAttributeString("timestamp", report.StartTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                xml.WriteAttributeString("hostname", XmlText.Clean(string.IsNullOrEmpty(hostName) ? "localhost" : hostName));
                xml.WriteAttributeString("id", "0");
                xml.WriteAttributeString("package", XmlText.Clean(report.Workflow));
                WriteProperties(xml, report);
                foreach (var node in report.Nodes)
                {
                    WriteTestCase(xml, report, node);
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <remarks>The schema CI servers check allows <c>skipped</c> on a testsuite only.</remarks>
        private static void WriteCounts(XmlWriter xml, ResultReport report, bool withSkipped)
        {
            xml.WriteAttributeString("tests", Count(report.Nodes.Count));
            xml.WriteAttributeString("failures", Count(report.Nodes.Count(n => n.Outcome == TestOutcome.Failure)));
            xml.WriteAttributeString("errors", Count(report.Nodes.Count(n => n.Outcome == TestOutcome.Error)));
            if (withSkipped)
            {
                xml.WriteAttributeString("skipped", Count(report.Nodes.Count(n => n.Outcome == TestOutcome.Skipped)));
            }

            xml.WriteAttributeString("time", Seconds(report.Duration));
        }

        private static void WriteProperties(XmlWriter xml, ResultReport report)
        {
            xml.WriteStartElement("properties");
            Property(xml, "dagrunner.runId", report.RunId);
            Property(xml, "dagrunner.status", report.Status.ToString());
            Property(xml, "dagrunner.workflowPath", report.WorkflowPath);
            Property(xml, "dagrunner.source", report.IsFromCheckpoint ? "checkpoint" : "result");
            xml.WriteEndElement();
        }

        private static void Property(XmlWriter xml, string name, string value)
        {
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", name);
            xml.WriteAttributeString("value", XmlText.Clean(value));
            xml.WriteEndElement();
        }

        private static void WriteTestCase(XmlWriter xml, ResultReport report, ReportNode node)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", XmlText.Clean(node.Name));
            xml.WriteAttributeString("classname", XmlText.Clean(report.Workflow));
            xml.WriteAttributeString("time", Seconds(node.Duration ?? TimeSpan.Zero));
            switch (node.Outcome)
            {
                case TestOutcome.Failure:
                case TestOutcome.Error:
                    xml.WriteStartElement(node.Outcome == TestOutcome.Failure ? "failure" : "error");
                    xml.WriteAttributeString("message", XmlText.Clean(node.ErrorMessage ?? node.FailureType));
                    xml.WriteAttributeString("type", node.FailureType);
                    xml.WriteString(XmlText.Clean(FailureText(node)));
                    xml.WriteEndElement();
                    break;
                case TestOutcome.Skipped:
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", XmlText.Clean(node.SkipMessage));
                    xml.WriteEndElement();
                    break;
            }

            var systemOut = NodeNotes.SystemOut(node);
            if (systemOut.Length > 0)
            {
                xml.WriteElementString("system-out", XmlText.Clean(systemOut));
            }

            xml.WriteEndElement();
        }

        /// <summary>The error's whole text, then where it was raised (<c>at file:line:column</c>), as a stack trace reads.</summary>
        private static string FailureText(ReportNode node)
        {
            var text = new StringBuilder(node.ErrorText ?? node.ErrorMessage ?? node.FailureType);
            if (node.ErrorPosition is { } at)
            {
                text.Append("\nat ").Append(at.File).Append(':').Append(at.Line.ToString(CultureInfo.InvariantCulture));
                if (at.Column > 0)
                {
                    text.Append(':').Append(at.Column.ToString(CultureInfo.InvariantCulture));
                }
            }

            return text.ToString();
        }

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string Seconds(TimeSpan duration)
            => Math.Max(0, duration.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
    }
}
