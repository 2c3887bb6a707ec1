using System;
using System.Text;
using DagRunner.Engine.Secrets;
using Xunit;

namespace DagRunner.Engine.Tests.Secrets
{
    public class SecretMaskerTests
    {
        [Fact]
        public void EveryOccurrence_IsMasked()
            => Assert.Equal("a *** b *** c", new SecretMasker(new[] { "s3cr3t" }).Apply("a s3cr3t b s3cr3t c"));

        [Fact]
        public void TheLongerSecret_IsMaskedWhole_WhenItContainsAShorterOne()
        {
            var masker = new SecretMasker(new[] { "abcd", "abcdefgh" });

            Assert.Equal("x *** y ***", masker.Apply("x abcdefgh y abcd"));
        }

        [Fact]
        public void DerivedForms_Base64UrlAndJson_AreMasked()
        {
            const string value = "p@ss w\"rd/1";
            var masker = new SecretMasker(new[] { value });
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            var text = $"Authorization: Basic {base64} url=?p={Uri.EscapeDataString(value)} json={{\"p\":\"p@ss w\\\"rd/1\"}}";

            var masked = masker.Apply(text);

            Assert.DoesNotContain(base64, masked);
            Assert.DoesNotContain(Uri.EscapeDataString(value), masked);
            Assert.DoesNotContain("w\\\"rd", masked);
            Assert.Equal("Authorization: Basic *** url=?p=*** json={\"p\":\"***\"}", masked);
        }

        [Fact]
        public void ValuesShorterThanTheMinimum_AreNotMasked_SoTheResolverRefusesThem()
        {
            var masker = new SecretMasker(new[] { "abc" });

            Assert.True(masker.IsEmpty);
            Assert.Equal("abc", masker.Apply("abc"));
            Assert.Equal(4, SecretMasker.MinimumLength);
        }

        [Fact]
        public void Masking_IsCaseSensitive_LikeTheValue()
            => Assert.Equal("Token TOKEN ***", new SecretMasker(new[] { "token" }).Apply("Token TOKEN token"));

        [Fact]
        public void TextWithoutASecret_IsReturnedAsItIs()
        {
            var text = "nothing to hide";

            Assert.Same(text, new SecretMasker(new[] { "hidden" }).Apply(text));
        }
    }
}
