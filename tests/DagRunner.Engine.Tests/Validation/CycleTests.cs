using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class CycleTests
    {
        [Fact]
        public void Node_that_needs_itself_is_a_cycle_at_its_needs_entry()
        {
            var error = Load.Yaml("nodes:\n  a:\n    needs: [a]\n    run: x\n").SingleError(DiagnosticIds.Cycle, 3, 13);

            Assert.Contains("a -> a", error.Message);
        }

        [Fact]
        public void Two_nodes_that_need_each_other_are_one_cycle_starting_at_the_first_in_file_order()
        {
            var error = Load.Yaml("nodes:\n  b:\n    needs: c\n    run: x\n  c:\n    needs: b\n    run: x\n").SingleError(DiagnosticIds.Cycle, 3, 12);

            Assert.Contains("b -> c -> b", error.Message);
        }

        [Fact]
        public void Three_cycle_is_printed_in_need_order_and_reported_at_the_entry_that_leads_into_it()
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
        public void Two_disjoint_cycles_are_both_reported()
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
        public void Figure_eight_reports_both_loops_through_the_shared_node()
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
        public void Many_cycles_are_capped_at_twenty_then_counted()
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
        public void Acyclic_diamond_is_not_a_cycle()
        {
            Load.Valid("nodes:\n  a: { run: x }\n  b: { needs: a, run: x }\n  c: { needs: a, run: x }\n  d: { needs: [b, c], run: x }\n");
        }
    }
}
