using System.Collections.Generic;
using System.IO;
using DagRunner.Engine.Scheduling;
using Xunit;

namespace DagRunner.Engine.Tests.Scheduling
{
    /// <summary>
    /// A misspelt -Parameters key ('enviroment') added a variable nobody reads and left the one meant at its default,
    /// without a word: a deploy meant for prod went to dev.
    /// </summary>
    public class UnreadParametersTests
    {
        private const string Deploy = "variables:\n  environment: dev\nnodes:\n  deploy:\n    run: \"'to ' + $environment\"\n";

        private static IReadOnlyList<(string Name, string Meant)> Find(string yaml, params string[] names)
        {
            var parameters = new Dictionary<string, object?>();
            foreach (var name in names)
            {
                parameters[name] = "x";
            }

            return UnreadParameters.Find(Load.Valid(yaml), parameters);
        }

        [Fact]
        public void AMisspeltVariable_IsUnread_WithTheVariableMeant()
        {
            Assert.Equal(new[] { ("enviroment", "environment") }, Find(Deploy, "enviroment"));
        }

        [Fact]
        public void AMisspeltNameAScriptReadsWithoutDeclaringIt_IsUnread_WithThatName()
        {
            Assert.Equal(new[] { ("Regoin", "Region") }, Find("nodes:\n  a:\n    run: \"$Region\"\n", "Regoin"));
        }

        // A build passes the same parameters to every workflow (Configuration=$(Configuration)): one nothing is close to
        // adds a variable quietly, as it always did.
        [Fact]
        public void AnUnreadParameterCloseToNoName_IsLeftAlone()
        {
            Assert.Empty(Find(Deploy, "Configuration"));
        }

        [Theory]
        [InlineData("environment")] // a variable of the workflow, whatever its case
        [InlineData("ENVIRONMENT")]
        public void AVariableOfTheWorkflow_IsRead(string name)
        {
            Assert.Empty(Find(Deploy, name));
        }

        [Theory]
        [InlineData("run: \"$Region\"")]
        [InlineData("run: \"'x'\"\n    if: $Region -eq 'eu'")]
        [InlineData("run: \"$Dag.Variables.Region\"")]
        [InlineData("run: \"Get-Variable Region -ValueOnly\"")]
        [InlineData("run: \"$Dag.Variables\"")] // all of them, as a whole
        public void AParameterAScriptMentions_AddsAVariableThatIsRead(string node)
        {
            Assert.Empty(Find("nodes:\n  a:\n    " + node + "\n", "Region"));
        }

        [Fact]
        public void AScriptFileThatMentionsIt_Counts()
        {
            var folder = Path.GetDirectoryName(Load.SourcePath)!;
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "uses-region.ps1"), "Write-Output $Region");

            Assert.Empty(Find("nodes:\n  a:\n    file: uses-region.ps1\n", "Region"));
            Assert.Single(Find("nodes:\n  a:\n    file: uses-region.ps1\n", "Regio"));
        }
    }
}
