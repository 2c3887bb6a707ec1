using System.IO;
using System.Linq;
using System.Text;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    /// <summary>Hostile workflow files (YAML bombs, deep nesting, huge files) are refused without blowing up, with their own id and a position.</summary>
    public class LoadLimitsTests
    {
        private const long MB = 1024 * 1024;

        /// <summary>Nine levels of ten aliases each: 10^9 values if written out, a few hundred bytes as text.</summary>
        private static string BillionLaughs(string under)
        {
            var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for (int i = 1; i <= 9; i++)
            {
                var previous = string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10));
                text.Append($"a{i}: &a{i} [{previous}]\n");
            }

            return $"variables:\n  {text.ToString().Replace("\n", "\n  ").TrimEnd()}\nnodes:\n  a:\n    run: 1\n    with: {{ x: *a9 }}\n".Replace("variables:\n  ", "variables:\n  ") + under;
        }

        [Fact]
        public void ABillionLaughsFile_IsRefusedAtTheAliasThatPassesTheLimitWithoutExpandingIt()
        {
            var (result, allocated) = Cost.Of(() => Load.Yaml(BillionLaughs(string.Empty)));

            var error = Assert.Single(result.Errors);
            Assert.Equal(DiagnosticIds.AliasExpansionTooLarge, error.Id);
            Assert.Equal(Load.SourcePath, error.Location.File);
            Assert.True(error.Location.Line >= 2 && error.Location.Column > 1, error.ToString());
            Assert.Null(result.Workflow);
            Assert.True(allocated < 5 * MB, $"allocated {allocated:N0} bytes"); // 10^9 values written out would be gigabytes
        }

        [Fact]
        public void AHugeAliasedScalarUsedManyTimes_IsRefusedByItsCharacters()
        {
            var big = new string('x', 1_000_000);
            var aliases = string.Join("\n", Enumerable.Range(0, 20).Select(i => $"  n{i}: {{ run: *big }}"));
            var result = Load.Yaml($"variables:\n  Big: &big \"{big}\"\nnodes:\n{aliases}\n");

            var error = Assert.Single(result.Errors);
            Assert.Equal(DiagnosticIds.AliasExpansionTooLarge, error.Id);
            Assert.Contains("characters", error.Message);
        }

        [Fact]
        public void OrdinaryReuseOfAnchors_IsWellInsideTheLimit()
        {
            var nodes = string.Join("\n", Enumerable.Range(0, 2000).Select(i => $"  n{i}: {{ run: *script, with: *params }}"));
            var result = Load.Yaml($"variables:\n  P: &params {{ A: 1, B: [1, 2, 3], C: {{ D: x }} }}\n  S: &script Write-Output 1\nnodes:\n{nodes}\n");

            Assert.False(result.HasErrors, string.Join("\n", result.Errors.Take(3)));
        }

        [Theory]
        [InlineData("[", "]")]
        [InlineData("{a: ", "}")]
        public void DeepFlowNesting_IsRefusedWithItsOwnIdAtTheLevelThatPassesTheLimit(string open, string close)
        {
            int levels = 100_000;
            var text = "nodes:\n  a:\n    run: 1\n    with:\n      x: " + string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels)) + "\n";
            var (result, allocated) = Cost.Of(() => Load.Yaml(text));

            var error = Assert.Single(result.Errors);
            Assert.Equal(DiagnosticIds.NestingTooDeep, error.Id);
            Assert.Equal(5, error.Location.Line);
            Assert.True(error.Location.Column > 10, error.ToString());
            Assert.True(allocated < 20 * MB, $"allocated {allocated:N0} bytes"); // about 1 MB; nothing is nested past the limit
        }

        [Fact]
        public void DeepBlockNesting_IsRefusedWithItsOwnId()
        {
            var text = new StringBuilder("nodes:\n  a:\n    run: 1\n    with:\n");
            for (int i = 0; i < 150; i++)
            {
                text.Append(new string(' ', 6 + (i * 2))).Append("k:\n");
            }

            text.Append(new string(' ', 6 + 300)).Append("v\n");
            var error = Assert.Single(Load.Yaml(text.ToString()).Errors);
            Assert.Equal(DiagnosticIds.NestingTooDeep, error.Id);
            Assert.True(error.Location.Line > 90, error.ToString());
        }

        [Fact]
        public void NestingJustInsideTheLimit_Loads()
        {
            // The root is level 0, nodes 1, the node 2, with 3, x 4: 95 more lists reach level 99.
            var value = string.Concat(Enumerable.Repeat("[", 95)) + "1" + string.Concat(Enumerable.Repeat("]", 95));
            var result = Load.Yaml($"nodes:\n  a:\n    run: 1\n    with:\n      x: {value}\n");
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.NestingTooDeep);
        }

        [Fact]
        public void A50MBWorkflowFile_IsRefusedBeforeItIsReadWithoutTakingItIntoMemory()
        {
            using var folder = new TempDirectory();
            var path = Path.Combine(folder.Path, "huge.dag.yaml");
            WriteHugeWorkflow(path, 50L * 1024 * 1024);

            var (result, allocated) = Cost.Of(() => WorkflowLoader.LoadFile(path));

            var error = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticIds.WorkflowFileTooLarge, error.Id);
            Assert.Equal((path, 1, 1), (error.Location.File, error.Location.Line, error.Location.Column));
            Assert.Null(result.Workflow);
            Assert.True(allocated < 1 * MB, $"allocated {allocated:N0} bytes");
        }

        [Fact]
        public void AFileJustUnderTheLimit_IsReadAndChecked()
        {
            using var folder = new TempDirectory();
            var path = Path.Combine(folder.Path, "large.dag.yaml");
            WriteHugeWorkflow(path, LoadLimits.MaxFileBytes - 1024);

            var result = WorkflowLoader.LoadFile(path);

            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.WorkflowFileTooLarge);
            Assert.NotNull(result.Workflow);
        }

        [Fact]
        public void TextOverTheLimit_IsRefusedToo()
        {
            var result = WorkflowLoader.LoadText("nodes:\n  a: { run: 1 }\n#" + new string('x', (int)LoadLimits.MaxFileBytes), Load.SourcePath);
            Assert.Equal(DiagnosticIds.WorkflowFileTooLarge, Assert.Single(result.Diagnostics).Id);
        }

        [Fact]
        public void HugeNamesThatNearlyMatch_GetNoSuggestionAndCostNoMemory()
        {
            // The nearest-name search compares every pair of characters: two 200,000-character ids were 40 billion cells.
            var id = new string('a', 200_000);
            var needs = id.Substring(1) + "b";
            // YAML keys over 1,024 characters must be explicit ('? key' then ': value').
            var (result, allocated) = Cost.Of(() => Load.Yaml($"nodes:\n  ? {id}\n  : {{ run: 1 }}\n  b:\n    needs: {needs}\n    run: 2\n  c:\n    run: 3\n    ? {needs}\n    : 1\n"));

            Assert.True(allocated < 50 * MB, $"allocated {allocated:N0} bytes"); // the two names are a few MB; their edit-distance table would be 160 GB
            var ids = string.Join(",", result.Errors.Select(d => d.Id));
            Assert.True(ids.Contains(DiagnosticIds.UnknownNeedsTarget) && ids.Contains(DiagnosticIds.UnknownKey), ids);
        }

        [Fact]
        public void AnInlineHashtableThatContainsItselfTwice_IsRefusedAtOnce()
        {
            var loop = new System.Collections.Hashtable();
            loop["a"] = loop;
            loop["b"] = loop;
            var definition = new System.Collections.Hashtable { ["nodes"] = new System.Collections.Hashtable { ["x"] = new System.Collections.Hashtable { ["run"] = "1", ["with"] = loop } } };

            var (result, allocated) = Cost.Of(() => WorkflowLoader.LoadObject(definition, Path.GetTempPath()));

            Assert.True(allocated < 5 * MB, $"allocated {allocated:N0} bytes"); // the loop is not walked
            Assert.Contains(result.Errors, d => d.Id == DiagnosticIds.NestingTooDeep);
        }

        [Fact]
        public void AnInlineDefinitionThatReusesOneHashtableExponentially_IsRefused()
        {
            object value = new System.Collections.Hashtable { ["leaf"] = 1 };
            for (int i = 0; i < 40; i++)
            {
                value = new System.Collections.Hashtable { ["l"] = value, ["r"] = value };
            }

            var definition = new System.Collections.Hashtable { ["nodes"] = new System.Collections.Hashtable { ["x"] = new System.Collections.Hashtable { ["run"] = "1", ["with"] = value } } };
            var (result, allocated) = Cost.Of(() => WorkflowLoader.LoadObject(definition, Path.GetTempPath()));

            Assert.True(allocated < 200 * MB, $"allocated {allocated:N0} bytes"); // 100,000 values are read before the limit (about 50 MB); 2^40 would never end
            Assert.Equal(DiagnosticIds.AliasExpansionTooLarge, Assert.Single(result.Errors).Id);
            Assert.Null(result.Workflow);
        }

        /// <summary>A valid workflow padded with comment lines to <paramref name="bytes"/>, written in chunks.</summary>
        internal static void WriteHugeWorkflow(string path, long bytes)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.Write("nodes:\n  a:\n    run: 1\n");
            long written = 23;
            var line = "# " + new string('x', 1021) + "\n";
            while (written + line.Length <= bytes)
            {
                writer.Write(line);
                written += line.Length;
            }
        }
    }
}
