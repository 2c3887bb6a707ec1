using System.Linq;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    /// <summary><c>invalidates:</c> names nodes like <c>needs:</c> does, and an unknown one is reported where it is written.</summary>
    public class InvalidatesValidationTests
    {
        [Fact]
        public void OneIdOrAList_IsReadInOrder()
        {
            var workflow = Load.Valid("nodes:\n  deploy: { run: x }\n  migrate: { run: x }\n  rollback:\n    invalidates: [deploy, migrate]\n    run: y\n  reset: { invalidates: deploy, run: z }\n");

            Assert.Equal(new[] { "deploy", "migrate" }, workflow.Nodes[2].Invalidates.Select(n => n.Id));
            Assert.Equal(new[] { "deploy" }, workflow.Nodes[3].Invalidates.Select(n => n.Id));
            Assert.Empty(workflow.Nodes[0].Invalidates);
        }

        [Fact]
        public void UnknownTarget_IsReportedAtItsEntryWithTheNearestId()
        {
            var error = Load.Yaml("nodes:\n  deploy: { run: x }\n  rollback:\n    invalidates: [deploy, deplyo]\n    run: y\n").SingleError(DiagnosticIds.UnknownInvalidatesTarget, 4, 27);

            Assert.Contains("'deploy'", error.Message);
            Assert.Equal("DAG0023", DiagnosticIds.UnknownInvalidatesTarget);
        }

        [Fact]
        public void AnInvalidatedNode_IsNotANeedItAddsNoEdge()
        {
            // deploy invalidates rollback and rollback needs deploy: no cycle, since invalidates orders nothing.
            Load.Valid("nodes:\n  deploy: { invalidates: rollback, run: x }\n  rollback: { needs: deploy, run: y }\n");
        }
    }
}
