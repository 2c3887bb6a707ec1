using System.Linq;
using DagRunner.Validation;
using Xunit;

namespace DagRunner.Tests.Loading
{
    public class NotYetExecutedTests
    {
        [Theory]
        [InlineData("nodes:\n  a:\n    run: x\n    foreach: [1, 2]\n", 4, 5)]
        public void Key_not_executed_yet_is_a_warning_at_the_key(string yaml, int line, int column)
        {
            var result = Load.Yaml(yaml);

            Assert.False(result.HasErrors, result.ToString());
            var warning = result.Single(DiagnosticIds.NotYetSupported, line, column);
            Assert.False(warning.IsError);
        }

        [Theory]
        [InlineData("timeout: 1h\nnodes:\n  a: { run: x }\n")]
        [InlineData("checkpoint: { fsync: true }\nnodes:\n  a: { run: x }\n")]
        [InlineData("pools: { gpu: 1 }\nnodes:\n  a:\n    run: x\n    pool: gpu\n")]
        [InlineData("defaults:\n  retry: 2\n  timeout: 5m\nnodes:\n  a: { run: x }\n")]
        [InlineData("nodes:\n  a:\n    run: x\n    retry: { attempts: 3, delay: 1s, backoff: exponential }\n    timeout: 5m\n    fallback: y\n")]
        public void Executed_keys_do_not_warn(string yaml)
        {
            Assert.Empty(Load.Yaml(yaml).Diagnostics);
        }

        [Fact]
        public void Invalid_value_gets_its_error_but_no_warning()
        {
            var result = Load.Yaml("nodes:\n  a:\n    run: x\n    timeout: later\n");

            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.NotYetSupported);
        }

        [Fact]
        public void Plain_workflow_has_no_diagnostics_at_all()
        {
            Assert.Empty(Load.Yaml("nodes:\n  a: { run: x }\n  b: { needs: a, run: y, when: always, continueOnError: true, priority: 2 }\n").Diagnostics);
        }
    }
}
