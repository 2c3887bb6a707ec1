using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class NeedsValidationTests
    {
        [Fact]
        public void Unknown_target_is_reported_at_its_entry_with_the_nearest_id()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test:\n    needs: [build, biuld]\n    run: y\n").SingleError(DiagnosticIds.UnknownNeedsTarget, 4, 20);

            Assert.Contains("'build'", error.Message);
        }

        [Fact]
        public void Target_that_differs_only_in_case_is_unknown_and_suggested()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test: { needs: Build, run: y }\n").SingleError(DiagnosticIds.UnknownNeedsTarget, 3, 18);

            Assert.Contains("'build'", error.Message);
        }

        [Fact]
        public void Unknown_target_far_from_every_id_lists_the_ids()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test: { needs: deploy, run: y }\n").SingleError(DiagnosticIds.UnknownNeedsTarget, 3, 18);

            Assert.Contains("build, test", error.Message);
        }

        [Fact]
        public void Target_listed_twice_is_reported_at_the_second_entry()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    needs: [a, a]\n    run: y\n").SingleError(DiagnosticIds.DuplicateKey, 4, 16);
        }

        [Fact]
        public void Empty_needs_entry_is_a_wrong_type()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    needs:\n      - a\n      -\n    run: y\n").SingleError(DiagnosticIds.WrongType, 6, 8);
        }
    }
}
