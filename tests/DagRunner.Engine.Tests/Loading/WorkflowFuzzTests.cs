using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DagRunner.Engine.Loading;
using Xunit;
using Xunit.Abstractions;

namespace DagRunner.Engine.Tests.Loading
{
    /// <summary>
    /// The bulk of the fuzzing, at engine level where a mutant costs milliseconds: every mutant of the example workflows
    /// loads within 2 s, never throws, and every problem it has is a DAGnnnn diagnostic with the file, a line and a
    /// column. The cmdlet path (Test-Dag, and Invoke-Dag starting nothing) is fuzzed in tests/Pester/Fuzz.Tests.ps1,
    /// and bench/Fuzz.ps1 runs any count.
    /// </summary>
    public class WorkflowFuzzTests
    {
        /// <summary>Only a hang takes this long; on a loaded machine a load may take seconds, which is no failure.</summary>
        private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

        /// <summary>A mutant may cost this much memory; a YAML bomb that got through would cost gigabytes.</summary>
        private const long MaxAllocatedBytes = 256L * 1024 * 1024;
        private static readonly Regex DiagnosticId = new Regex(@"^DAG\d{4}$");
        private readonly ITestOutputHelper output;

        public WorkflowFuzzTests(ITestOutputHelper output) => this.output = output;

        [Theory]
        [InlineData(20261202, 1500)]
        public void Mutants_LoadWithoutBlowingUpNeverThrowAndEveryProblemHasAnIdFileLineAndColumn(int seed, int count)
        {
            var seeds = WorkflowMutator.LoadSeeds();
            var mutator = new WorkflowMutator(seed, seeds.Select(s => s.Text).ToList());
            using var folder = new TempDirectory();
            CopyScripts(folder.Path);
            var failures = new List<string>();
            int refused = 0;
            long costliest = 0;
            string costliestMutant = "none";
            WarmUp(folder.Path, seeds[0].Text);
            for (int i = 0; i < count; i++)
            {
                var (seedIndex, bytes, mutations) = mutator.Next();
                var extension = seeds[seedIndex].Name.EndsWith(".json", StringComparison.Ordinal) ? ".dag.json" : ".dag.yaml";
                var path = Path.Combine(folder.Path, $"mutant-{i:d5}{extension}");
                File.WriteAllBytes(path, bytes);
                var problems = Check(path, out var allocated, out var hasErrors);
                if (allocated > costliest)
                {
                    costliest = allocated;
                    costliestMutant = $"#{i} {seeds[seedIndex].Name} [{mutations}], {bytes.Length:n0} bytes";
                }

                refused += hasErrors ? 1 : 0;
                if (problems.Count > 0)
                {
                    var kept = Path.Combine(Path.GetTempPath(), $"dagrunner-fuzz-{seed}-{i:d5}{extension}");
                    File.Copy(path, kept, overwrite: true);
                    failures.Add($"#{i} {seeds[seedIndex].Name} [{mutations}] ({kept}): {string.Join("; ", problems)}");
                }

                File.Delete(path);
            }

            var summary = $"Fuzz (seed {seed}): {count} tried, {count - failures.Count} passed, {refused} refused; costliest load {costliest:n0} bytes ({costliestMutant}).";
            output.WriteLine(summary);
            Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(20)));
            Assert.True(refused > count / 2 && refused < count, $"The mutator should break most mutants, not all: {summary}");
        }

        [Fact]
        public void TheSameSeed_GivesTheSameMutants()
        {
            var seeds = WorkflowMutator.LoadSeeds().Select(s => s.Text).ToList();
            var first = new WorkflowMutator(5, seeds);
            var second = new WorkflowMutator(5, seeds);
            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(first.Next().Bytes, second.Next().Bytes);
            }
        }

        private static List<string> Check(string path, out long allocated, out bool hasErrors)
        {
            var problems = new List<string>();
            var load = Task.Run(() => Cost.Of(() => WorkflowLoader.LoadFile(path)));
            hasErrors = false;
            allocated = 0;
            try
            {
                if (!load.Wait(Hang))
                {
                    problems.Add($"did not return within {Hang.TotalSeconds} s (a hang)");
                    return problems;
                }
            }
            catch (AggregateException)
            {
            }

            if (load.IsFaulted)
            {
                problems.Add("threw " + load.Exception!.InnerException);
                return problems;
            }

            (var result, allocated) = load.Result;
            if (allocated > MaxAllocatedBytes)
            {
                problems.Add($"allocated {allocated:n0} bytes");
            }

            hasErrors = result.HasErrors;
            foreach (var d in result.Diagnostics)
            {
                // A problem inside a node's script file (a syntax error, a bad $Needs read) is reported in that file.
                bool inWorkflowOrScript = d.Location.File == path || (d.Location.File.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) && File.Exists(d.Location.File));
                if (!DiagnosticId.IsMatch(d.Id) || !inWorkflowOrScript || d.Location.Line < 1 || d.Location.Column < 1)
                {
                    problems.Add($"diagnostic without id or position: {d.Id} at '{d.Location.File}'({d.Location.Line},{d.Location.Column}): {d.Message}");
                }
            }

            if (!result.HasErrors && result.Workflow == null)
            {
                problems.Add("no errors, but no workflow either");
            }

            return problems;
        }

        /// <summary>The first load starts PowerShell's parser, whose one-time cost is not the mutant's.</summary>
        private static void WarmUp(string folder, string text)
        {
            var path = Path.Combine(folder, "warm-up.dag.yaml");
            File.WriteAllText(path, text);
            WorkflowLoader.LoadFile(path);
            File.Delete(path);
        }

        /// <summary>The examples' script files, so a 'file:' that survived mutation still resolves.</summary>
        private static void CopyScripts(string folder)
        {
            var scripts = Path.Combine(WorkflowMutator.RepositoryRoot(), "module", "examples", "scripts");
            Directory.CreateDirectory(Path.Combine(folder, "scripts"));
            foreach (var file in Directory.GetFiles(scripts))
            {
                File.Copy(file, Path.Combine(folder, "scripts", Path.GetFileName(file)));
            }
        }
    }
}
