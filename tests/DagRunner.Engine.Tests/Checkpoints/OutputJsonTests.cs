using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Checkpoints;
using Xunit;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class OutputJsonTests
    {
        private static object?[] RoundTrip(params object?[] output) => RoundTrip(out _, output);

        private static object?[] RoundTrip(out List<string> warnings, params object?[] output)
        {
            warnings = new List<string>();
            var json = OutputJson.Serialize(output, "build", warnings);
            return OutputJson.Restore(json);
        }

        private static PSObject Custom(params (string Name, object? Value)[] properties)
        {
            var custom = new PSObject();
            foreach (var (name, value) in properties)
            {
                custom.Properties.Add(new PSNoteProperty(name, value));
            }

            return custom;
        }

        [Fact]
        public void NestedPSCustomObject_ComesBackAsPSCustomObjectsWithTheSameProperties()
        {
            var inner = Custom(("Path", "/out/app.zip"), ("Size", 42));
            var restored = RoundTrip(out var warnings, Custom(("Version", "1.2.3"), ("Artifact", inner), ("Tags", new object[] { "a", "b" })));

            Assert.Empty(warnings);
            var outer = Assert.IsType<PSObject>(Assert.Single(restored));
            Assert.IsType<PSCustomObject>(outer.BaseObject);
            Assert.Equal(new[] { "Version", "Artifact", "Tags" }, outer.Properties.Select(p => p.Name));
            Assert.Equal("1.2.3", outer.Properties["Version"].Value);
            var artifact = Assert.IsType<PSObject>(outer.Properties["Artifact"].Value);
            Assert.Equal("/out/app.zip", artifact.Properties["Path"].Value);
            Assert.Equal(42, artifact.Properties["Size"].Value);
            Assert.Equal(new object[] { "a", "b" }, Assert.IsType<object?[]>(outer.Properties["Tags"].Value));
        }

        [Fact]
        public void Hashtable_ComesBackCaseInsensitive_AndOrderedDictionaryKeepsItsOrder()
        {
            var table = new Hashtable { ["Region"] = "eu", ["Count"] = 3 };
            var ordered = new OrderedDictionary { ["z"] = 1, ["a"] = 2, ["m"] = 3 };

            var restored = RoundTrip(out var warnings, table, ordered);

            Assert.Empty(warnings);
            var restoredTable = Assert.IsType<Hashtable>(restored[0]);
            Assert.Equal("eu", restoredTable["REGION"]);
            Assert.Equal(3, restoredTable["count"]);
            var restoredOrdered = Assert.IsType<OrderedDictionary>(restored[1]);
            Assert.Equal(new object[] { "z", "a", "m" }, restoredOrdered.Keys.Cast<object>());
            Assert.Equal(2, restoredOrdered["A"]);
        }

        [Fact]
        public void Scalars_KeepTheirValueAndType()
        {
            var local = new DateTime(2024, 5, 1, 12, 30, 15, DateTimeKind.Local).AddTicks(1234567);
            var utc = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            var unspecified = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Unspecified);
            var offset = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(5.5));
            var guid = Guid.NewGuid();
            object?[] values =
            {
                "text", true, false, null, 42, 5_000_000_000L, 3.5, 3.0, 1.5m, 100.10m, local, utc, unspecified, offset,
                TimeSpan.FromMilliseconds(90061001), guid, double.NaN, double.PositiveInfinity, -0.25, long.MinValue,
            };

            var restored = RoundTrip(out var warnings, values);

            Assert.Empty(warnings);
            Assert.Equal(values.Length, restored.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i]?.GetType(), restored[i]?.GetType());
                Assert.Equal(values[i], restored[i]);
            }

            Assert.Equal(DateTimeKind.Local, ((DateTime)restored[10]!).Kind);
            Assert.Equal(DateTimeKind.Utc, ((DateTime)restored[11]!).Kind);
            Assert.Equal(DateTimeKind.Unspecified, ((DateTime)restored[12]!).Kind);
            Assert.Equal(TimeSpan.FromHours(5.5), ((DateTimeOffset)restored[13]!).Offset);
            Assert.Equal("100.10", ((decimal)restored[9]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void DocumentedTypeChanges_EnumsAsNames_SmallIntegersAsInt_FloatAsDouble_ListsAsArrays()
        {
            var restored = RoundTrip(out var warnings, ConsoleColor.Red, (byte)7, 1.5f, new List<int> { 1, 2 }, 'x', ulong.MaxValue);

            Assert.Empty(warnings);
            Assert.Equal("Red", restored[0]);
            Assert.Equal(7, restored[1]);
            Assert.Equal(1.5d, restored[2]);
            Assert.Equal(new object[] { 1, 2 }, restored[3]);
            Assert.Equal("x", restored[4]);
            Assert.Equal((decimal)ulong.MaxValue, restored[5]);
        }

        [Fact]
        public void PSObjectWrappers_AreUnwrapped()
        {
            var restored = RoundTrip(PSObject.AsPSObject(5), PSObject.AsPSObject("s"), new Hashtable { ["n"] = PSObject.AsPSObject(1.25) });

            Assert.Equal(5, restored[0]);
            Assert.Equal("s", restored[1]);
            Assert.Equal(1.25, ((Hashtable)restored[2]!)["n"]);
        }

        [Theory]
        [InlineData("$(Remove-Item -Recurse -Force /)")]
        [InlineData("{ Stop-Computer }")]
        [InlineData("& { 'pwned' }")]
        [InlineData("@{ '$hashtable' = 1 }")]
        public void CodeLookingStrings_StayStrings(string code)
        {
            var restored = RoundTrip(out var warnings, code, Custom(("Script", code)), new Hashtable { [code] = code });

            Assert.Empty(warnings);
            Assert.Equal(code, restored[0]);
            Assert.Equal(code, ((PSObject)restored[1]!).Properties["Script"].Value);
            Assert.Equal(code, ((Hashtable)restored[2]!)[code]);
        }

        [Fact]
        public void ScriptBlockOutput_IsStoredAsItsText_AndComesBackAsAString()
        {
            var restored = RoundTrip(out var warnings, ScriptBlock.Create("Remove-Item x"));

            Assert.Equal("Remove-Item x", Assert.IsType<string>(Assert.Single(restored)));
            Assert.Contains(warnings, w => w.Contains("System.Management.Automation.ScriptBlock"));
        }

        [Fact]
        public void PropertiesNamedLikeTags_AreEscaped_AndComeBackUnchanged()
        {
            var json = OutputJson.Serialize(new object?[] { Custom(("$hashtable", 1), ("$$x", 2)) }, "build", new List<string>());
            var restored = (PSObject)OutputJson.Restore(json)[0]!;

            Assert.DoesNotContain("{\"$hashtable\":1", json);
            Assert.Equal(1, restored.Properties["$hashtable"].Value);
            Assert.Equal(2, restored.Properties["$$x"].Value);
        }

        [Fact]
        public void UnstorableType_IsStoredAsItsStringForm_WithAWarningNamingNodeIndexAndType()
        {
            var file = new FileInfo(Path.Combine(Path.GetTempPath(), "report.txt"));

            var restored = RoundTrip(out var warnings, "first", Custom(("File", file)));

            Assert.Equal(file.FullName, ((PSObject)restored[1]!).Properties["File"].Value);
            var warning = Assert.Single(warnings);
            Assert.Contains("Node 'build'", warning);
            Assert.Contains("output [1].File", warning);
            Assert.Contains("System.IO.FileInfo", warning);
            Assert.Contains("[pscustomobject]", warning);
        }

        [Fact]
        public void DeepNesting_IsCutAtTheDepthLimit_WithAWarning()
        {
            object? value = "bottom";
            for (int i = 0; i < OutputJson.MaxDepth + 4; i++)
            {
                value = new Hashtable { ["next"] = value };
            }

            var restored = RoundTrip(out var warnings, value);

            int depth = 0;
            object? current = restored[0];
            while (current is Hashtable table)
            {
                depth++;
                current = table["next"];
            }

            Assert.Equal(OutputJson.MaxDepth, depth);
            Assert.IsType<string>(current);
            Assert.Contains("deeper than 16", Assert.Single(warnings));
        }

        [Fact]
        public void SelfReferencingHashtable_DoesNotHang_AndIsCutWithAWarning()
        {
            var table = new Hashtable { ["name"] = "loop" };
            table["self"] = table;
            var custom = Custom(("Name", "me"));
            custom.Properties.Add(new PSNoteProperty("Me", custom));

            var restored = RoundTrip(out var warnings, table, custom);

            Assert.Equal("loop", ((Hashtable)restored[0]!)["name"]);
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, w => Assert.Contains("contains itself", w));
        }

        [Fact]
        public void ScriptProperty_IsNotRead_AndSaysSo()
        {
            var custom = Custom(("Name", "n"));
            custom.Properties.Add(new PSScriptProperty("Danger", ScriptBlock.Create("throw 'must not run'")));

            var restored = (PSObject)RoundTrip(out var warnings, custom)[0]!;

            Assert.Equal(new[] { "Name" }, restored.Properties.Select(p => p.Name));
            Assert.Contains("Danger", Assert.Single(warnings));
        }

        [Fact]
        public void AThrowingEnumerable_BecomesAStringForm_WithoutBreakingOtherItems()
        {
            var restored = RoundTrip(out var warnings, "before", new Throwing(), "after");

            Assert.Equal("before", restored[0]);
            Assert.Equal(typeof(Throwing).FullName, restored[1]);
            Assert.Equal("after", restored[2]);
            Assert.Contains("could not be stored", Assert.Single(warnings));
        }

        [Fact]
        public void NonStringKeys_AndLoneSurrogates_AreStoredAsText_WithWarnings()
        {
            var restored = RoundTrip(out var warnings, new Hashtable { [1] = "one" }, "bad\uD800end");

            Assert.Equal("one", ((Hashtable)restored[0]!)["1"]);
            Assert.Equal("bad\uFFFDend", restored[1]);
            Assert.Equal(2, warnings.Count);
        }

        [Fact]
        public void ManyUnstorableValues_GiveAtMostTenWarningsAndACount()
        {
            var output = Enumerable.Range(0, 25).Select(_ => (object?)new object()).ToArray();

            RoundTrip(out var warnings, output);

            Assert.Equal(OutputJson.MaxWarnings + 1, warnings.Count);
            Assert.Contains("15 more", warnings.Last());
        }

        [Theory]
        [InlineData("[{\"$scriptblock\":\"Remove-Item x\"}]")]
        [InlineData("[{\"$type\":\"System.Diagnostics.Process\"}]")]
        [InlineData("[{\"$datetime\":\"yesterday\"}]")]
        [InlineData("[{\"$hashtable\":[1]}]")]
        [InlineData("[{\"$guid\":\"x\",\"other\":1}]")]
        [InlineData("{\"a\":1}")]
        [InlineData("[1")]
        public void UnknownTagsAndBadValues_AreRefused_NeverInterpreted(string json)
        {
            Assert.Throws<FormatException>(() => OutputJson.Restore(json));
        }

        [Fact]
        public void Canonical_SortsHashtableKeys_ButKeepsOrderedDictionaryOrder()
        {
            var a = new Hashtable { ["b"] = 1, ["a"] = 2 };
            var b = new Hashtable { ["a"] = 2, ["b"] = 1 };

            Assert.Equal(OutputJson.Canonical(a), OutputJson.Canonical(b));
            Assert.NotEqual(
                OutputJson.Canonical(new OrderedDictionary { ["a"] = 1, ["b"] = 2 }),
                OutputJson.Canonical(new OrderedDictionary { ["b"] = 2, ["a"] = 1 }));
        }

        private sealed class Throwing : IEnumerable
        {
            public IEnumerator GetEnumerator() => throw new InvalidOperationException("no");
        }
    }
}
