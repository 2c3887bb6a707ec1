using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class SecretsReaderTests
    {
        [Fact]
        public void EachSource_IsRead_InFileOrder()
        {
            var workflow = Load.Valid("""
                secrets:
                  apiToken: env:API_TOKEN
                  dbPassword: vault:Prod-Db
                  deployKey: param
                nodes:
                  a: { run: "'a'" }
                """);

            Assert.Equal(new[] { "apiToken (env:API_TOKEN)", "dbPassword (vault:Prod-Db)", "deployKey (param)" }, workflow.Secrets.Select(s => s.ToString()));
            Assert.Equal(SecretSource.Vault, workflow.Secrets[1].Source);
            Assert.Equal(2, workflow.Secrets[0].Location.Line);
        }

        [Theory]
        [InlineData("apiToken: hunter2-the-value")]
        [InlineData("apiToken: 'env:'")]
        [InlineData("apiToken: 'vault:'")]
        [InlineData("apiToken: [a, b]")]
        [InlineData("apiToken:")]
        [InlineData("api-token: env:X")]
        public void AnythingElse_IsDag0040_AtTheEntry(string entry)
        {
            var result = Load.Yaml($"secrets:\n  {entry}\nnodes:\n  a: {{ run: \"'a'\" }}\n");

            var error = Assert.Single(result.Errors);
            Assert.Equal(DiagnosticIds.BadSecret, error.Id);
            Assert.Equal(2, error.Location.Line);
        }

        [Fact]
        public void AValueWrittenInPlaceOfTheSource_IsNotEchoedInTheError()
        {
            var result = Load.Yaml("secrets:\n  apiToken: hunter2-the-value\nnodes:\n  a: { run: \"'a'\" }\n");

            Assert.DoesNotContain("hunter2", result.Errors.Single().ToString());
        }

        [Fact]
        public void ASecretNamedLikeAVariable_IsDag0041()
        {
            var result = Load.Yaml("variables:\n  Token: x\nsecrets:\n  token: env:T\nnodes:\n  a: { run: \"'a'\" }\n");

            result.SingleError(DiagnosticIds.SecretShadowsVariable, 4, 3);
        }

        [Fact]
        public void ASecretWrittenTwice_IsDag0004()
        {
            var result = Load.Yaml("secrets:\n  t: env:A\n  T: env:B\nnodes:\n  a: { run: \"'a'\" }\n");

            result.SingleError(DiagnosticIds.DuplicateKey, 3, 3);
        }
    }
}
