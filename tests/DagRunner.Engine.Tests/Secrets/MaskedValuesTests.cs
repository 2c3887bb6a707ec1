using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using DagRunner.Engine.Secrets;
using Xunit;

namespace DagRunner.Engine.Tests.Secrets
{
    public class MaskedValuesTests
    {
        private const string Secret = "hunter2-SECRET";
        private static readonly SecretMasker Masker = new SecretMasker(new[] { Secret });

        [Fact]
        public void CustomObjects_DictionariesAndLists_AreMaskedInDepth_AndCopied()
        {
            var inner = new PSObject();
            inner.Properties.Add(new PSNoteProperty("Token", "Bearer " + Secret));
            var original = new Hashtable { ["list"] = new object[] { 1, inner }, ["plain"] = "ok" };

            var masked = (IDictionary)MaskedValues.Output(original, Masker)!;

            var maskedInner = (PSObject)((object?[])masked["list"]!)[1]!;
            Assert.Equal("Bearer ***", maskedInner.Properties["Token"].Value);
            Assert.Equal("ok", masked["plain"]);
            Assert.Equal("Bearer " + Secret, inner.Properties["Token"].Value); // the node's own object is not changed
        }

        [Fact]
        public void AnObjectWithoutASecret_IsTheSameObject()
        {
            var value = new OrderedDictionary { ["a"] = new[] { "x", "y" } };

            Assert.Same(value, MaskedValues.Output(value, Masker));
        }

        [Fact]
        public void OtherObjects_AreReplacedByTheirMaskedText_WhenTheirTextHoldsASecret()
        {
            var uri = new Uri("https://host/?key=" + Secret);

            Assert.Equal("https://host/?key=***", MaskedValues.Output(uri, Masker));
        }

        [Fact]
        public void StreamRecords_AreMasked()
        {
            Assert.Equal("w ***", ((WarningRecord)MaskedValues.Record(new WarningRecord("w " + Secret), Masker)!).Message);
            Assert.Equal("v ***", ((VerboseRecord)MaskedValues.Record(new VerboseRecord("v " + Secret), Masker)!).Message);
            var host = new InformationRecord(new HostInformationMessage { Message = "h " + Secret }, "Write-Host");
            host.Tags.Add("PSHOST");
            var masked = (InformationRecord)MaskedValues.Record(host, Masker)!;
            Assert.Equal("h ***", ((HostInformationMessage)masked.MessageData).Message);
            Assert.Contains("PSHOST", masked.Tags);
        }

        [Fact]
        public void ErrorRecords_LoseTheSecret_InMessageDetailsAndTarget()
        {
            var record = new ErrorRecord(new InvalidOperationException("login failed for " + Secret, new Exception("inner " + Secret)), "LoginFailed", ErrorCategory.AuthenticationError, Secret)
            {
                ErrorDetails = new ErrorDetails("details " + Secret),
            };

            var masked = (ErrorRecord)MaskedValues.Error(record, Masker)!;

            Assert.Equal("login failed for ***", masked.Exception.Message);
            Assert.Null(masked.Exception.InnerException);
            Assert.Equal("details ***", masked.ErrorDetails.Message);
            Assert.DoesNotContain(Secret, masked.TargetObject?.ToString() ?? string.Empty);
            Assert.DoesNotContain(Secret, masked.CategoryInfo.ToString());
            Assert.StartsWith("LoginFailed", masked.FullyQualifiedErrorId);
        }

        [Fact]
        public void AnErrorRecordWithoutASecret_IsKept()
        {
            var record = new ErrorRecord(new InvalidOperationException("plain"), "Id", ErrorCategory.NotSpecified, null);

            Assert.Same(record, MaskedValues.Error(record, Masker));
        }

        [Fact]
        public void ErrorText_IsMasked()
            => Assert.Equal("failed: ***", MaskedValues.Error("failed: " + Secret, Masker));

        [Fact]
        public void WithoutSecrets_NothingIsTouched()
        {
            var value = new object[] { Secret };

            Assert.Same(value, MaskedValues.Output(value, SecretMasker.None));
            Assert.Same(value, MaskedValues.Record(value, SecretMasker.None));
        }

        [Fact]
        public void SelfContainingLists_StopAtTheDepthLimit()
        {
            var list = new ArrayList();
            list.Add(list);
            list.Add(Secret);

            var masked = MaskedValues.Output(list, Masker);

            Assert.Equal("***", ((object?[])masked!).Last());
        }
    }
}
