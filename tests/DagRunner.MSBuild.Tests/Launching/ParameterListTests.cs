using System.Collections.Generic;
using System.Linq;
using DagRunner.MSBuild.Launching;
using DagRunner.MSBuild.Protocol;
using Xunit;

namespace DagRunner.MSBuild.Tests.Launching
{
    public class ParameterListTests
    {
        [Fact]
        public void NameValueEntries_BecomeAJSONObjectOfStrings()
        {
            var list = ParameterList.Parse(new[] { "Configuration=Release", "Version=1.2.3" }, out var problem);

            Assert.Null(problem);
            Assert.Equal("{\"Configuration\":\"Release\",\"Version\":\"1.2.3\"}", list!.ToJson());
        }

        [Theory]
        [InlineData("it's \"quoted\"")]
        [InlineData("a;b")]
        [InlineData("$(Get-Date)")]
        [InlineData("`whoami`")]
        [InlineData("'); Remove-Item / -Recurse; ('")]
        [InlineData("x=y=z")]
        [InlineData("back\\slash\\")]
        [InlineData("line\nbreak")]
        [InlineData("")]
        public void Values_AreDataAndRoundTripThroughTheJSONExactly(string value)
        {
            var list = ParameterList.Parse(new[] { "Message=" + value }, out _);

            var json = JsonReader.ParseObject(list!.ToJson()!);
            Assert.Equal(value, json!["Message"]);
        }

        [Fact]
        public void TheLastOfTwoEqualNames_Wins()
        {
            var list = ParameterList.Parse(new[] { "A=1", "a=2" }, out _);

            Assert.Equal(new[] { new KeyValuePair<string, string>("a", "2") }, list!.Pairs.ToArray());
        }

        [Theory]
        [InlineData("NoEquals")]
        [InlineData("=value")]
        [InlineData("bad name=1")]
        [InlineData("$(x)=1")]
        [InlineData("1st=1")]
        public void ABadEntry_IsRefusedWithAReason(string entry)
        {
            var list = ParameterList.Parse(new[] { entry }, out var problem);

            Assert.Null(list);
            Assert.Contains(entry, problem);
        }

        [Fact]
        public void NoEntries_GiveNoJSON()
        {
            Assert.Null(ParameterList.Parse(null, out _)!.ToJson());
            Assert.Null(ParameterList.Parse(new[] { " " }, out _)!.ToJson());
        }
    }
}
