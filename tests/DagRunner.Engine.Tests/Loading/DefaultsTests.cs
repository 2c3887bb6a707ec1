using System;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class DefaultsTests
    {
        private const string Workflow = """
            pools: { shared: 2, gpu: 1 }
            defaults:
              retry: { attempts: 3, delay: 1s }
              timeout: 10m
              continueOnError: true
              pool: shared
            nodes:
              inherits:
                run: x
              overrides:
                run: y
                retry: 1
                timeout: 30s
                continueOnError: false
                pool: gpu
            """;

        [Fact]
        public void NodeWithoutItsOwnSettings_GetsTheDefaults()
        {
            var node = Load.Valid(Workflow).Node("inherits");

            Assert.Equal(3, node.Retry.Attempts);
            Assert.Equal(TimeSpan.FromSeconds(1), node.Retry.Delay);
            Assert.Equal(TimeSpan.FromMinutes(10), node.Timeout);
            Assert.True(node.ContinueOnError);
            Assert.Equal("shared", node.Pool);
        }

        [Fact]
        public void NodeSettings_WinOverTheDefaults()
        {
            var node = Load.Valid(Workflow).Node("overrides");

            Assert.Equal(1, node.Retry.Attempts);
            Assert.Equal(TimeSpan.FromSeconds(30), node.Timeout);
            Assert.False(node.ContinueOnError);
            Assert.Equal("gpu", node.Pool);
        }

        [Fact]
        public void WithoutDefaultsNodes_GetTheDocumentedValues()
        {
            var node = Load.Valid("nodes:\n  a: { run: x }\n").Node("a");

            Assert.Equal(1, node.Retry.Attempts);
            Assert.Null(node.Timeout);
            Assert.False(node.ContinueOnError);
            Assert.Null(node.Pool);
        }

        [Fact]
        public void KeyThatDefaultsDoNotTake_IsUnknown()
        {
            var error = Load.Yaml("defaults:\n  needs: [a]\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 2, 3);

            Assert.Contains("retry", error.Message); // lists the keys defaults do take
        }

        [Fact]
        public void DefaultsPool_MustNameAPool()
        {
            Load.Yaml("pools: { shared: 2 }\ndefaults:\n  pool: shraed\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownPool, 3, 9);
        }
    }
}
