using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class CycleTests
    {
        [Fact]
        public void NodeThatNeedsItself_IsACycleAtItsNeedsEntry()
        {
            var error = Load.Yaml("nodes:\n  a:\n    needs: [a]\n    run: x\n").SingleError(DiagnosticIds.Cycle, 3, 13);

            Assert.Contains("a -> a", error.Message);
        }

        [Fact]
        public void TwoNodesThatNeedEachOther_AreOneCycleStartingAtTheFirstInFileOrder()
        {
            var error = Load.Yaml("nodes:\n  b:\n    needs: c\n    run: x\n  c:\n    needs: b\n    run: x\n").SingleError(DiagnosticIds.Cycle, 3, 12);

            Assert.Contains("b -> c -> b", error.Message);
        }

        [Fact]
        public void ThreeCycle_IsPrintedInNeedOrderAndReportedAtTheEntryThatLeadsIntoIt()
        {
            var error = Load.Yaml("""
                nodes:
                  start: { run: x }
                  a:
                    needs: [start, b]
                    run: x
                  c:
                    needs: a
                    run: x
                  b:
                    needs: c
                    run: x
                """).SingleError(DiagnosticIds.Cycle, 4, 20);

            Assert.Contains("a -> b -> c -> a", error.Message);
        }

        [Fact]
        public void TwoDisjointCycles_AreBothReported()
        {
            var result = Load.Yaml("""
                nodes:
                  a: { needs: b, run: x }
                  b: { needs: a, run: x }
                  ok: { run: x }
                  c: { needs: d, run: x }
                  d: { needs: c, run: x }
                """);

            var cycles = result.Errors.Where(e => e.Id == DiagnosticIds.Cycle).ToList();
            Assert.Equal(2, cycles.Count);
            Assert.Contains("a -> b -> a", cycles[0].Message);
            Assert.Equal(2, cycles[0].Location.Line);
            Assert.Contains("c -> d -> c", cycles[1].Message);
            Assert.Equal(5, cycles[1].Location.Line);
        }

        [Fact]
        public void FigureEight_ReportsBothLoopsThroughTheSharedNode()
        {
            var result = Load.Yaml("""
                nodes:
                  hub: { needs: [left, right], run: x }
                  left: { needs: hub, run: x }
                  right: { needs: hub, run: x }
                """);

            var messages = result.Errors.Where(e => e.Id == DiagnosticIds.Cycle).Select(e => e.Message).ToList();
            Assert.Equal(2, messages.Count);
            Assert.Contains(messages, m => m.Contains("hub -> left -> hub"));
            Assert.Contains(messages, m => m.Contains("hub -> right -> hub"));
            Assert.Equal(new[] { (2, 18), (2, 24) }, result.Errors.Select(e => (e.Location.Line, e.Location.Column)));
        }

        [Fact]
        public void ManyCycles_AreCappedAtTwentyThenCounted()
        {
            // Every node needs every other: 10 + 20 + 30 + 24 = 84 elementary cycles among five nodes.
            var result = Load.Yaml("""
                nodes:
                  a: { needs: [b, c, d, e], run: x }
                  b: { needs: [a, c, d, e], run: x }
                  c: { needs: [a, b, d, e], run: x }
                  d: { needs: [a, b, c, e], run: x }
                  e: { needs: [a, b, c, d], run: x }
                """);

            var cycles = result.Errors.Where(e => e.Id == DiagnosticIds.Cycle).ToList();
            Assert.Equal(21, cycles.Count);
            Assert.StartsWith("... and 64 more cycles", cycles[^1].Message);
        }

        [Fact]
        public void AcyclicDiamond_IsNotACycle()
        {
            Load.Valid("nodes:\n  a: { run: x }\n  b: { needs: a, run: x }\n  c: { needs: a, run: x }\n  d: { needs: [b, c], run: x }\n");
        }
    }
}
