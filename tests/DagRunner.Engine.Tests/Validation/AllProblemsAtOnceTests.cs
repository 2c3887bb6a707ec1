using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class AllProblemsAtOnceTests
    {
        [Fact]
        public void FiveDifferentProblems_GiveFiveDiagnosticsSortedByPosition()
        {
            var result = Load.Yaml("""
                name: x
                mode: fast
                nodes:
                  build:
                    needs: [restor]
                    run: Write-Output )
                  test:
                    neds: build
                    run: x
                    timeout: 5 minutes
                """);

            var found = result.Diagnostics.Select(d => (d.Id, d.Location.Line, d.Location.Column));
            Assert.Equal(
                new[]
                {
                    (DiagnosticIds.BadMode, 2, 7),
                    (DiagnosticIds.UnknownNeedsTarget, 5, 13),
                    (DiagnosticIds.ScriptSyntax, 6, 23),
                    (DiagnosticIds.UnknownKey, 8, 5),
                    (DiagnosticIds.BadDuration, 10, 14),
                },
                found);
            Assert.True(result.HasErrors);
            Assert.NotNull(result.Workflow);
        }

        [Fact]
        public void ReaderAndGraphProblems_AreReportedTogether()
        {
            var result = Load.Yaml("""
                nodes:
                  a:
                    needs: b
                    run: x
                    when: later
                  b:
                    needs: a
                  b:
                    run: y
                """);

            Assert.Equal(
                new[] { DiagnosticIds.Cycle, DiagnosticIds.BadWhen, DiagnosticIds.RunOrFile, DiagnosticIds.DuplicateKey },
                result.Diagnostics.Select(d => d.Id));
        }

        [Fact]
        public void Diagnostic_PrintsInTheFormProblemMatchersRead()
        {
            var error = Load.Yaml("mode: fast\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.BadMode, 1, 7);

            Assert.StartsWith($"{Load.SourcePath}(1,7): error DAG0010: ", error.ToString());
        }

        [Fact]
        public void DiagnosticIds_AreDistinctAndWellFormed()
        {
            var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

            Assert.All(ids, id => Assert.Matches(new Regex("^DAG[0-9]{4}$"), id));
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }
}
