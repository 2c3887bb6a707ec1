using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Validation
{
    public class NeedsValidationTests
    {
        [Fact]
        public void UnknownTarget_IsReportedAtItsEntryWithTheNearestId()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test:\n    needs: [build, biuld]\n    run: y\n").SingleError(DiagnosticIds.UnknownNeedsTarget, 4, 20);

            Assert.Contains("'build'", error.Message);
        }

        // 'needs: a, t' is one id, "a, t", in YAML; GitHub Actions users write it so. The message listed every id.
        [Theory]
        [InlineData("needs: build, lint", 5, 12, "needs: [build, lint]")]
        [InlineData("invalidates: build lint", 5, 18, "invalidates: [build, lint]")]
        public void IdsWrittenAsAListWithoutBrackets_AreShownWithThem(string key, int line, int column, string meant)
        {
            var id = key.StartsWith("needs") ? DiagnosticIds.UnknownNeedsTarget : DiagnosticIds.UnknownInvalidatesTarget;
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  lint: { run: y }\n  test:\n    " + key + "\n    run: z\n").SingleError(id, line, column);

            Assert.Contains($"A list is written in brackets: {meant}.", error.Message);
        }

        [Fact]
        public void TargetThatDiffersOnlyInCase_IsUnknownAndSuggested()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test: { needs: Build, run: y }\n").SingleError(DiagnosticIds.UnknownNeedsTarget, 3, 18);

            Assert.Contains("'build'", error.Message);
        }

        [Fact]
        public void UnknownTargetFarFromEveryId_ListsTheIds()
        {
            var error = Load.Yaml("nodes:\n  build: { run: x }\n  test: { needs: deploy, run: y }\n").SingleError(DiagnosticIds.UnknownNeedsTarget, 3, 18);

            Assert.Contains("build, test", error.Message);
        }

        [Fact]
        public void TargetListedTwice_IsReportedAtTheSecondEntry()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    needs: [a, a]\n    run: y\n").SingleError(DiagnosticIds.DuplicateKey, 4, 16);
        }

        [Fact]
        public void EmptyNeedsEntry_IsAWrongType()
        {
            Load.Yaml("nodes:\n  a: { run: x }\n  b:\n    needs:\n      - a\n      -\n    run: y\n").SingleError(DiagnosticIds.WrongType, 6, 8);
        }
    }
}
