using System.Collections.Generic;
using System.Linq;
using System.Security;
using DagRunner.Engine.Secrets;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Secrets
{
    public class SecretResolverTests
    {
        private static readonly DagRunner.Engine.Definition.WorkflowDefinition Workflow = Load.Valid("""
            secrets:
              apiToken: env:API_TOKEN
              dbPassword: vault:Prod-Db
              deployKey: param
            nodes:
              a: { run: "'a'" }
            """);

        private static readonly Dictionary<string, string> Environment = new Dictionary<string, string> { ["API_TOKEN"] = "token-value" };

        private static string? Env(string name) => Environment.TryGetValue(name, out var value) ? value : null;

        [Fact]
        public void EachSecret_ComesFromItsSource_OrFromSecrets()
        {
            var given = new Dictionary<string, object?> { ["DEPLOYKEY"] = Secure("key-value") };

            var resolution = SecretResolver.Resolve(Workflow, given, Env, new FakeVault { ["Prod-Db"] = "db-value" });

            Assert.True(resolution.Succeeded, string.Join("\n", resolution.Problems));
            Assert.Equal("token-value", resolution.Values["apiToken"]);
            Assert.Equal("db-value", resolution.Values["dbPassword"]);
            Assert.Equal("key-value", resolution.Values["deployKey"]);
        }

        [Fact]
        public void Secrets_OverridesTheDeclaredSource()
        {
            var given = new Dictionary<string, object?> { ["apiToken"] = "from-parameter", ["dbPassword"] = "x-db-x", ["deployKey"] = "x-key-x" };

            var resolution = SecretResolver.Resolve(Workflow, given, Env, null);

            Assert.Equal("from-parameter", resolution.Values["apiToken"]);
        }

        [Fact]
        public void EachMissingSecret_IsDag0042_NamingTheSecretAndItsSource_AtItsDeclaration()
        {
            var resolution = SecretResolver.Resolve(Workflow, null, _ => null, vault: null);

            Assert.False(resolution.Succeeded);
            Assert.Equal(new[] { DiagnosticIds.SecretNotFound, DiagnosticIds.SecretNotFound, DiagnosticIds.SecretNotFound }, resolution.Problems.Select(p => p.Id));
            Assert.Contains("'apiToken' (env:API_TOKEN)", resolution.Problems[0].Message);
            Assert.Contains("SecretManagement is not installed", resolution.Problems[1].Message);
            Assert.Contains("-Secrets", resolution.Problems[2].Message);
            Assert.Equal(new[] { 2, 3, 4 }, resolution.Problems.Select(p => p.Location.Line));
        }

        [Fact]
        public void AVaultWithoutTheSecret_IsDag0042()
        {
            var given = new Dictionary<string, object?> { ["apiToken"] = "x-tok-x", ["deployKey"] = "x-key-x" };

            var resolution = SecretResolver.Resolve(Workflow, given, Env, new FakeVault());

            Assert.Equal(DiagnosticIds.SecretNotFound, Assert.Single(resolution.Problems).Id);
        }

        [Fact]
        public void AValueShorterThanFourCharacters_IsDag0043_AndNotEchoed()
        {
            var given = new Dictionary<string, object?> { ["apiToken"] = "xyz", ["dbPassword"] = "x-db-x", ["deployKey"] = "x-key-x" };

            var problem = Assert.Single(SecretResolver.Resolve(Workflow, given, Env, null).Problems);

            Assert.Equal(DiagnosticIds.SecretTooShort, problem.Id);
            Assert.DoesNotContain("xyz", problem.Message);
        }

        [Fact]
        public void ASecretsEntryThatIsNotDeclared_IsDag0044()
        {
            var given = new Dictionary<string, object?> { ["apiTokn"] = "x-tok-x", ["dbPassword"] = "x-db-x", ["deployKey"] = "x-key-x" };

            var problem = Assert.Single(SecretResolver.Resolve(Workflow, given, Env, null).Problems);

            Assert.Equal(DiagnosticIds.UnknownSecret, problem.Id);
            Assert.Contains("apiToken", problem.Message); // the nearest declared name
        }

        [Fact]
        public void WithoutRequiringValues_MissingSecretsAreNoProblem()
            => Assert.True(SecretResolver.Resolve(Workflow, null, _ => null, null, requireValues: false).Succeeded);

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            return secure;
        }

        private sealed class FakeVault : Dictionary<string, string>, IVaultReader
        {
            public string? Read(string name, out string? failure)
            {
                failure = null;
                return TryGetValue(name, out var value) ? value : null;
            }
        }
    }
}
