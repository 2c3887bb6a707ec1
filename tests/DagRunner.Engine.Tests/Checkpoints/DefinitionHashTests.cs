using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DagRunner.Engine.Checkpoints;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;
using Xunit;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class DefinitionHashTests
    {
        private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

        /// <summary>A workflow whose node 'n' is written as <paramref name="node"/> (indented under it).</summary>
        private static NodeDefinition Node(string node, string top = "")
            => Load.Valid($"""
                pools: {"{"} p: 1, q: 1 {"}"}
                {top}
                nodes:
                  a:
                    run: 'a'
                  b:
                    run: 'b'
                  n:
                {string.Join("\n", node.Split('\n').Select(line => "    " + line))}
                """).Node("n");

        private static string Hash(NodeDefinition node, IReadOnlyDictionary<string, object?>? variables = null)
            => DefinitionHash.ForNode(node, variables ?? NoVariables);

        private const string Base = "needs: [a]\nrun: Write-Output 1";

        [Theory]
        [InlineData("needs: [a]\nrun: Write-Output 2")]
        [InlineData("needs: [a]\nrun: Write-Output  1")]
        [InlineData("needs: [a, b]\nrun: Write-Output 1")]
        [InlineData("needs: [b]\nrun: Write-Output 1")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nwith: { X: 1 }")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nif: $true")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nwhen: always")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nretry: 2")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nretry: { attempts: 1, delay: 5s }")]
        [InlineData("needs: [a]\nrun: Write-Output 1\ntimeout: 5m")]
        [InlineData("needs: [a]\nrun: Write-Output 1\ncontinueOnError: true")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nfallback: Write-Output 0")]
        [InlineData("needs: [a]\nrun: Write-Output 1\npriority: 5")]
        [InlineData("needs: [a]\nrun: Write-Output 1\npool: p")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nforeach: [1, 2]")]
        [InlineData("needs: [a]\nrun: Write-Output 1\nforeach: $Needs.a")]
        public void EachFieldThatDecidesWhatTheNodeDoes_ChangesTheHash(string changed)
        {
            Assert.NotEqual(Hash(Node(Base)), Hash(Node(changed)));
        }

        [Fact]
        public void TheHostANodeIsOn_ChangesTheHash_ButNotHowTheHostIsReached()
        {
            const string hosts = "hosts: { web1: { hostName: w1 }, web2: { hostName: w2 } }";
            const string movedHosts = "hosts: { web1: { hostName: elsewhere, port: 2222, userName: other }, web2: { hostName: w2 } }";
            var onWeb1 = Hash(Node(Base + "\non: web1", hosts));

            Assert.NotEqual(Hash(Node(Base, hosts)), onWeb1);
            Assert.NotEqual(onWeb1, Hash(Node(Base + "\non: web2", hosts)));
            Assert.Equal(onWeb1, Hash(Node(Base + "\non: web1", movedHosts)));
            Assert.Equal(Hash(Node(Base)), Hash(Node(Base, hosts))); // a local node's hash is what it was before hosts existed
        }

        [Fact]
        public void EffectiveDefaults_ChangeTheHash()
        {
            Assert.NotEqual(Hash(Node(Base)), Hash(Node(Base, "defaults: { timeout: 10m }")));
            Assert.NotEqual(Hash(Node(Base, "defaults: { pool: p }")), Hash(Node(Base, "defaults: { pool: q }")));
        }

        [Fact]
        public void WithValues_CountButNotTheirOrder()
        {
            var one = Hash(Node(Base + "\nwith: { X: 1, Y: [a, b] }"));

            Assert.Equal(one, Hash(Node(Base + "\nwith: { Y: [a, b], X: 1 }")));
            Assert.NotEqual(one, Hash(Node(Base + "\nwith: { X: 1, Y: [b, a] }")));
            Assert.NotEqual(one, Hash(Node(Base + "\nwith: { X: '1', Y: [a, b] }")));
        }

        [Fact]
        public void AWorkflowHashedInParallel_GivesEachNodeItsOwnHash()
        {
            // Enough nodes to be hashed on several threads; each text differs, so a hash given to the wrong node shows.
            int count = DefinitionHash.ParallelFrom + 300;
            var yaml = new System.Text.StringBuilder("variables: { v: 1 }\nnodes:\n");
            for (int i = 0; i < count; i++)
            {
                yaml.Append("  n").Append(i).Append(":\n    run: '$v + ").Append(i).Append("'\n");
            }

            var workflow = Load.Valid(yaml.ToString());
            var variables = new Dictionary<string, object?> { ["v"] = 1 };
            var hashes = DefinitionHash.ForNodes(workflow.Nodes, variables);

            Assert.Equal(count, hashes.Count);
            Assert.All(workflow.Nodes, node => Assert.Equal(DefinitionHash.ForNode(node, variables), hashes[node.Id]));
            Assert.Equal(count, hashes.Values.Distinct().Count());
        }

        [Fact]
        public void TheSameDefinition_GivesTheSameHash_WhereverItIsWritten()
        {
            var first = Load.Valid("nodes:\n  a:\n    run: 'a'\n  n:\n    needs: [a]\n    description: one\n    run: |\n      Write-Output 1\n      Write-Output 2\n");
            var second = Load.Valid("# moved down\n\nnodes:\n  n:\n    run: |\n      Write-Output 1\n      Write-Output 2\n    needs: [a]\n    description: two\n  a:\n    run: 'a'\n");

            Assert.Equal(Hash(first.Node("n")), Hash(second.Node("n")));
            Assert.Equal(64, Hash(first.Node("n")).Length);
        }

        [Theory]
        [InlineData("run: Write-Output 1", true, "2bd718ef5e1d555821ef117e576529c0b94ea053cd10476365946dd0a39f3488")]
        [InlineData("run: dotnet build -c $Configuration", true, "396a17c4cdbdfa3a0ae597bc6fd52ed1ade4a9b2cf3324f4afe8d66360122a8a")]
        [InlineData("run: dotnet build -c $Configuration\nwith: { Project: app.csproj, Count: 2 }", true, "ec2c914000f3b80abb497bce5e772e6a37846aa914357984da3e19f5b0d313b3")]
        [InlineData("run: Write-Output $Dag.Variables.Region\nif: $true\nfallback: 'f'", true, "9e9da826f2f789f9c38a1604ccc4d0b9d87a98bbe073621bd4fd499ffb5dd413")]
        [InlineData("run: Write-Output 1", false, "2bd718ef5e1d555821ef117e576529c0b94ea053cd10476365946dd0a39f3488")]
        [InlineData("run: dotnet build -c $Configuration", false, "a1c70635e059f6f25eb53bcd46dc2425878ae193fb9395ae55de14a3372cce33")]
        [InlineData("run: Write-Output 1\nretry: { attempts: 3, delay: 2s, backoff: exponential, maxDelay: 1m, jitter: true }\ntimeout: 5m\nwhen: always\ncontinueOnError: true\npriority: 5\npool: p", true, "1e244845a1c6613385eea9f4c58e9839580c86bfca5fed81474dcdb3634de942")]
        [InlineData("run: Write-Output $Dag.Variables.Region\nforeach: [1, 2]\ninputs: [src/*.cs, b.txt]\noutputs: [bin/*]", true, "6aa27fdaa42e79d4d3e0d57466381da88988f70476593388229938f84e208f37")]
        [InlineData("run: Write-Output $Dag.Variables.Region\nforeach: [1, 2]\ninputs: [src/*.cs, b.txt]\noutputs: [bin/*]", false, "e8c690eb1f5a7d6ea143740b4e35986fc9d87632b93984a303bafc4facc0b533")]
        [InlineData("run: Write-Output 1\nforeach: { items: $Needs.a, key: $Item.Name }\nretry: 2", true, "9e3220a52e5b8661d28dd73319d26f2d324e22c8931bf3173cb5151fef7bf009")]
        public void AHash_IsWhatEarlierVersionsWrote_SoAResumeAfterAnUpgradeRestoresTheNode(string node, bool withVariables, string written)
        {
            // Pinned values, from the code of 2026-12-04 (04aa4e8): changing how a hash is computed makes every
            // node of every checkpoint look changed, so Resume-Dag would run them all again.
            var variables = withVariables ? new Dictionary<string, object?> { ["Configuration"] = "Release", ["Region"] = "eu" } : NoVariables;
            Assert.Equal(written, Hash(Node("needs: [a]\n" + node), variables));
            Assert.Equal(written, Hash(Node("needs: [a]\n" + node), variables)); // and again, from the names remembered
        }

        [Fact]
        public void AWorkflowHash_IsWhatEarlierVersionsWrote()
        {
            // Pinned from the code of 2026-12-05 (1315aab), before its text was hashed as a stream.
            var workflow = Load.Valid("name: w\nnodes:\n  a:\n    run: 'a'\n  B:\n    run: 'b'\n  c:\n    needs: [a, B]\n    run: 'c'\n");

            Assert.Equal("c485ac0eea26f7fbf83475e221a1d7c60d7de5a7117d91439d13a53d8c2a45c2", DefinitionHash.ForWorkflow(workflow, NoVariables));
        }

        [Fact]
        public void OnlyTheVariablesTheNodeUses_CountAndTheirNamesIgnoreCase()
        {
            var node = Node("run: dotnet build -c $configuration");
            var release = new Dictionary<string, object?> { ["Configuration"] = "Release", ["Region"] = "eu" };

            Assert.Equal(Hash(node, release), Hash(node, new Dictionary<string, object?> { ["Configuration"] = "Release", ["Region"] = "us" }));
            Assert.NotEqual(Hash(node, release), Hash(node, new Dictionary<string, object?> { ["Configuration"] = "Debug", ["Region"] = "eu" }));
        }

        [Theory]
        [InlineData("run: Write-Output \"-c ${Configuration}\"")]
        [InlineData("run: Write-Output $script:Configuration")]
        [InlineData("run: Write-Output $Dag.Variables.Configuration")]
        [InlineData("run: Write-Output $Dag.Variables['Configuration']")]
        [InlineData("run: $Dag.Variables | ConvertTo-Json")]
        [InlineData("run: $Dag | ConvertTo-Json")]
        [InlineData("run: $Dag.Variables[$name]")]
        [InlineData("run: Get-Variable Configuration")]
        [InlineData("run: 'x'\nif: $Configuration -eq 'Release'")]
        [InlineData("run: 'x'\nfallback: Write-Output $Configuration")]
        [InlineData("run: 'x'\nforeach: $Configuration")]
        [InlineData("run: '& { $Configuration }'")]
        public void EveryWayAScriptCanReadAVariable_MakesItCount(string node)
        {
            var parsed = Node(node);

            Assert.NotEqual(
                Hash(parsed, new Dictionary<string, object?> { ["Configuration"] = "Release" }),
                Hash(parsed, new Dictionary<string, object?> { ["Configuration"] = "Debug" }));
        }

        [Fact]
        public void NamedReadsThroughDag_CountOnlyTheNamedVariable()
        {
            var node = Node("run: Write-Output $Dag.Name $Dag.Variables.Region");

            Assert.Equal(
                Hash(node, new Dictionary<string, object?> { ["Configuration"] = "Release", ["Region"] = "eu" }),
                Hash(node, new Dictionary<string, object?> { ["Configuration"] = "Debug", ["Region"] = "eu" }));
        }

        [Fact]
        public void VariableValues_AreComparedByContent_HashtableOrderAside()
        {
            var node = Node("run: $Settings.Region");
            Dictionary<string, object?> With(Hashtable settings) => new Dictionary<string, object?> { ["Settings"] = settings };

            Assert.Equal(Hash(node, With(new Hashtable { ["a"] = 1, ["Region"] = "eu" })), Hash(node, With(new Hashtable { ["Region"] = "eu", ["a"] = 1 })));
            Assert.NotEqual(Hash(node, With(new Hashtable { ["Region"] = "eu" })), Hash(node, With(new Hashtable { ["Region"] = "us" })));
        }

        [Fact]
        public void FileContent_CountsAndTheVariablesItUses_AndAMissingFileHasItsOwnHash()
        {
            using var folder = new TempDirectory();
            var script = folder.Write("scripts/build.ps1", "param($Filter)\nWrite-Output $Configuration\n");
            var workflow = WorkflowLoader.LoadText("nodes:\n  n:\n    file: scripts/build.ps1\n", Path.Combine(folder.Path, "w.dag.yaml")).Workflow!;
            var node = workflow.Node("n");
            var release = new Dictionary<string, object?> { ["Configuration"] = "Release" };

            var before = Hash(node, release);
            Assert.Equal(before, Hash(node, release));
            Assert.NotEqual(before, Hash(node, new Dictionary<string, object?> { ["Configuration"] = "Debug" }));

            File.WriteAllText(script, "param($Filter)\nWrite-Output $Configuration # changed\n");
            var changed = Hash(node, release);
            Assert.NotEqual(before, changed);

            File.Delete(script);
            var missing = Hash(node, release);
            Assert.NotEqual(changed, missing);
            Assert.Equal(missing, Hash(node, release));
        }

        [Fact]
        public void WorkflowHash_CoversNameAndEveryNode_ButNotFileOrder()
        {
            var workflow = Load.Valid("name: w\nnodes:\n  a:\n    run: 'a'\n  b:\n    run: 'b'\n");
            var reordered = Load.Valid("name: w\nnodes:\n  b:\n    run: 'b'\n  a:\n    run: 'a'\n");
            var renamed = Load.Valid("name: v\nnodes:\n  a:\n    run: 'a'\n  b:\n    run: 'b'\n");
            var changed = Load.Valid("name: w\nnodes:\n  a:\n    run: 'a'\n  b:\n    run: 'c'\n");

            var hash = DefinitionHash.ForWorkflow(workflow, NoVariables);
            Assert.Equal(hash, DefinitionHash.ForWorkflow(reordered, NoVariables));
            Assert.NotEqual(hash, DefinitionHash.ForWorkflow(renamed, NoVariables));
            Assert.NotEqual(hash, DefinitionHash.ForWorkflow(changed, NoVariables));
        }
    }
}
