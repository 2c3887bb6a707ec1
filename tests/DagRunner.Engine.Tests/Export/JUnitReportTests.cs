using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DagRunner.Engine.Export;
using DagRunner.Engine.Results;
using DagRunner.Engine.Secrets;
using Xunit;
using static DagRunner.Engine.Tests.TestSupport.ExportSamples;
using static DagRunner.Engine.Tests.TestSupport.ResultSamples;

namespace DagRunner.Engine.Tests.Export
{
    public class JUnitReportTests
    {
        private static string JUnit(DagRunResult result) => JUnitReport.Build(ResultReport.FromResult(result, workflow: null), "ci-agent-7");

        private static XElement Suite(string xml) => XDocument.Parse(xml).Root!.Element("testsuite")!;

        private static XElement Case(string xml, string name)
            => Suite(xml).Elements("testcase").Single(c => (string?)c.Attribute("name") == name);

        private static void AssertValidJUnit(string xml) => Assert.Empty(SchemaErrors(xml));

        /// <summary>What the JUnit schema CI servers check says is wrong with <paramref name="xml"/>.</summary>
        private static System.Collections.Generic.List<string> SchemaErrors(string xml)
        {
            var errors = new System.Collections.Generic.List<string>();
            var schemas = new XmlSchemaSet();
            using (var stream = typeof(JUnitReportTests).Assembly.GetManifestResourceStream("JUnit.xsd")!)
            {
                schemas.Add(null, XmlReader.Create(stream));
            }

            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
            settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
            settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Message} (line {e.Exception?.LineNumber})");
            using (var reader = XmlReader.Create(new StringReader(xml), settings))
            {
                while (reader.Read())
                {
                }
            }

            return errors;
        }

        [Fact]
        public void EveryStatus_ValidatesAgainstTheJUnitSchema()
        {
            AssertValidJUnit(JUnit(EveryStatus()));
        }

        [Fact]
        public void Schema_RejectsADecimalComma_SoTheCultureTestsCanFail()
        {
            var xml = JUnit(EveryStatus()).Replace("time=\"1.500\"", "time=\"1,5\"");

            Assert.Contains(SchemaErrors(xml), e => e.Contains("time", StringComparison.Ordinal));
        }

        [Fact]
        public void Suite_NamesTheWorkflowAndCountsEachOutcome()
        {
            var suite = Suite(JUnit(EveryStatus()));

            Assert.Equal("ci", (string?)suite.Attribute("name"));
            Assert.Equal("12", (string?)suite.Attribute("tests"));
            Assert.Equal("2", (string?)suite.Attribute("failures")); // test, slow (timed out)
            Assert.Equal("1", (string?)suite.Attribute("errors")); // remote (host unreachable)
            Assert.Equal("4", (string?)suite.Attribute("skipped")); // lint (allowed), package, publish, watch
            Assert.Equal("1.500", (string?)suite.Attribute("time"));
            Assert.Equal("2026-11-25T10:00:00", (string?)suite.Attribute("timestamp"));
            Assert.Equal("ci-agent-7", (string?)suite.Attribute("hostname"));
            var properties = suite.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
            Assert.Equal("20261125T100000Z-abcd", properties["dagrunner.runId"]);
            Assert.Equal("Failed", properties["dagrunner.status"]);
        }

        [Fact]
        public void TestCases_OnePerNodeAndForeachInstance_ClassnameIsTheWorkflow()
        {
            var xml = JUnit(EveryStatus());
            var cases = Suite(xml).Elements("testcase").ToList();

            Assert.Equal(
                new[] { "build", "test", "slow", "remote", "lint", "flaky", "package", "publish", "watch", "deploy", "deploy[web01]", "deploy[web02]" },
                cases.Select(c => (string?)c.Attribute("name")));
            Assert.All(cases, c => Assert.Equal("ci", (string?)c.Attribute("classname")));
            Assert.Equal("1.000", (string?)Case(xml, "deploy[web01]").Attribute("time"));
            Assert.DoesNotContain(Case(xml, "deploy[web02]").Elements(), e => e.Name != "system-out");
        }

        [Fact]
        public void FailedNode_FailureHasTheFirstLine_TheWholeErrorAndWhereItFailed()
        {
            var test = Case(JUnit(EveryStatus()), "test");

            var failure = test.Element("failure")!;
            Assert.Equal("Expected 3 but got 4", (string?)failure.Attribute("message"));
            Assert.Equal("Failed", (string?)failure.Attribute("type"));
            Assert.Equal("Expected 3 but got 4\nat Assert-Equal\nat " + Workflow + ":12", failure.Value);
            Assert.Contains("attempt 1: Failed (0.100 s): Expected 3 but got 4", test.Element("system-out")!.Value);
        }

        [Fact]
        public void TimedOutAndUnreachable_AreAFailureAndAnError_TypedByTheirReason()
        {
            var xml = JUnit(EveryStatus());

            Assert.Equal("TimedOut", (string?)Case(xml, "slow").Element("failure")!.Attribute("type"));
            var error = Case(xml, "remote").Element("error")!;
            Assert.Equal("HostUnreachable", (string?)error.Attribute("type"));
            Assert.Equal("web01 could not be reached.", (string?)error.Attribute("message"));
        }

        [Theory]
        [InlineData("lint", "failed, allowed by continueOnError: 3 warnings")]
        [InlineData("package", "Skipped (UpstreamFailed)")]
        [InlineData("publish", "NotRun (FailFast)")]
        [InlineData("watch", "Cancelled (RunCancelled)")]
        public void NodesThatDidNotPassOrFail_AreSkippedWithTheirReason(string node, string message)
        {
            var testCase = Case(JUnit(EveryStatus()), node);

            Assert.Equal(message, (string?)testCase.Element("skipped")!.Attribute("message"));
            Assert.Null(testCase.Element("failure"));
        }

        [Fact]
        public void DegradedNode_PassesAndSaysTheFallbackRan()
        {
            var flaky = Case(JUnit(EveryStatus()), "flaky");

            Assert.Null(flaky.Element("failure"));
            Assert.Null(flaky.Element("skipped"));
            Assert.Contains("fallback succeeded", flaky.Element("system-out")!.Value);
        }

        [Theory]
        [InlineData(NodeReason.Resumed, NodeNotes.Restored)]
        [InlineData(NodeReason.UpToDate, NodeNotes.UpToDate)]
        public void RestoredNode_PassesWithANoteAndItsRestoredOutput(NodeReason reason, string note)
        {
            var restored = WithOutput(NotStarted("build", NodeStatus.Succeeded, reason), "artifact.zip");
            var xml = JUnit(Run("ci", DagRunStatus.Succeeded, 100, Array.Empty<string>(), restored));

            var testCase = Case(xml, "build");
            Assert.Equal(new[] { "system-out" }, testCase.Elements().Select(e => e.Name.LocalName));
            Assert.Equal(note + "\noutput: [\"artifact.zip\"]", testCase.Element("system-out")!.Value);
            Assert.Equal("0.000", (string?)testCase.Attribute("time"));
            AssertValidJUnit(xml);
        }

        [Fact]
        public void MarkupAndControlCharacters_AreEscaped_SoTheFileParses()
        {
            var error = "<tag attr=\"x\"> & \u001B[31mred\u001B[0m \0 end";
            var xml = JUnit(Run("ci", DagRunStatus.Failed, 100, Array.Empty<string>(),
                WithOutput(Ran("a<b>", NodeStatus.Failed, 0, 100, worker: 1, error: error), "\u0007bell")));

            AssertValidJUnit(xml);
            var failure = Case(xml, "a<b>").Element("failure")!;
            Assert.Equal("<tag attr=\"x\"> & \\u001B[31mred\\u001B[0m \\u0000 end", (string?)failure.Attribute("message"));
            Assert.Contains("\\u0007bell", Case(xml, "a<b>").Element("system-out")!.Value);
        }

        [Fact]
        public void GermanCulture_WritesNumbersInTheInvariantCulture()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                var xml = JUnit(EveryStatus());

                Assert.Equal("1.500", (string?)Suite(xml).Attribute("time"));
                Assert.Equal("0.250", (string?)Case(xml, "test").Attribute("time"));
                AssertValidJUnit(xml);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void SecretInErrorAndOutput_MaskedAsTheEngineMasksResults_NeverReachesTheFile()
        {
            const string secret = "hunter2-Pa55word";
            var node = WithOutput(Ran("login", NodeStatus.Failed, 0, 100, worker: 1, error: $"login failed for password {secret}",
                records: new[] { Attempt(1, 0, 100, "Failed", 1, $"login failed for password {secret}") }), $"token={secret}");
            MaskedResults.Mask(node, new SecretMasker(new[] { secret }));

            var xml = JUnit(Run("ci", DagRunStatus.Failed, 100, Array.Empty<string>(), node));

            Assert.DoesNotContain(secret, xml);
            Assert.Contains("login failed for password ***", xml);
            Assert.Contains("token=***", xml);
        }

        [Fact]
        public void Checkpoint_InterruptedIsAnError_RunningIsSkipped()
        {
            var checkpoint = Checkpoint(
                DagRunStatus.Running,
                CheckpointNode("build", NodeStatus.Succeeded, endMs: 500),
                CheckpointNode("test", NodeStatus.Interrupted, startMs: 500),
                CheckpointNode("watch", NodeStatus.Running, startMs: 600));

            var xml = JUnitReport.Build(ResultReport.FromCheckpoint(checkpoint, workflow: null), "ci-agent-7");

            AssertValidJUnit(xml);
            Assert.Equal("Interrupted", (string?)Case(xml, "test").Element("error")!.Attribute("type"));
            Assert.Equal("still running when the checkpoint was read", (string?)Case(xml, "watch").Element("skipped")!.Attribute("message"));
            Assert.Equal("2.000", (string?)Suite(xml).Attribute("time"));
            Assert.Equal("checkpoint", Suite(xml).Element("properties")!.Elements("property").Single(p => (string?)p.Attribute("name") == "dagrunner.source").Attribute("value")!.Value);
        }

        [Fact]
        public void LogOfANode_FollowsItsOutputInSystemOut_AndIsEscaped()
        {
            var result = Run("ci", DagRunStatus.Succeeded, 100, Array.Empty<string>(),
                WithOutput(Ran("build", NodeStatus.Succeeded, 0, 100, worker: 1), "ok"), Ran("test", NodeStatus.Succeeded, 0, 100, worker: 2));
            var report = ResultReport.FromResult(result, workflow: null, logOf: n => n == "build" ? "10:00:00.000 [host] compiling \u001B[32m<ok>\n" : null);

            var xml = JUnitReport.Build(report, "agent");

            AssertValidJUnit(xml);
            Assert.Equal("output: [\"ok\"]\nlog:\n10:00:00.000 [host] compiling \\u001B[32m<ok>", Case(xml, "build").Element("system-out")!.Value);
            Assert.Null(Case(xml, "test").Element("system-out"));
        }
    }
}
