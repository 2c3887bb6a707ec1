using System;
using System.Collections;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using DagRunner.Engine.Definition;
using DagRunner.Engine.Loading;
using DagRunner.Engine.Validation;
using Xunit;

namespace DagRunner.Engine.Tests.Loading
{
    public class HostsReaderTests
    {
        [Fact]
        public void AnSshHost_KeepsEverySettingAndItsKeyPathResolvesAgainstTheWorkflow()
        {
            var workflow = Load.Valid("""
                hosts:
                  web1:
                    hostName: web1.example.com
                    userName: deploy
                    keyFilePath: keys/deploy_ed25519
                    port: 2222
                    subsystem: pwsh
                    options: { StrictHostKeyChecking: accept-new, ConnectTimeout: 5, ForwardAgent: false }
                    maxSessions: 2
                    connectTimeout: 10s
                nodes:
                  a: { run: x, on: web1 }
                """);

            var host = workflow.Hosts["WEB1"];
            Assert.Equal("web1", host.Name);
            Assert.Equal(HostTransport.Ssh, host.Transport);
            Assert.Equal("web1.example.com", host.HostName);
            Assert.Equal("deploy", host.UserName);
            Assert.Equal(Path.Combine(Path.GetDirectoryName(Load.SourcePath)!, "keys", "deploy_ed25519"), host.KeyFilePath);
            Assert.Equal(2222, host.Port);
            Assert.Equal("pwsh", host.Subsystem);
            Assert.Equal("accept-new", host.Options["StrictHostKeyChecking"]);
            Assert.Equal("5", host.Options["ConnectTimeout"]);
            Assert.Equal("no", host.Options["ForwardAgent"]);
            Assert.Equal(2, host.MaxSessions);
            Assert.Equal(TimeSpan.FromSeconds(10), host.ConnectTimeout);
            Assert.Equal("deploy@web1.example.com:2222", host.Address);
            Assert.Equal(new[] { "web1" }, workflow.Node("a").On);
            Assert.Equal("web1", workflow.Node("a").Host);
        }

        [Fact]
        public void AWinrmHost_AndTheDefaults()
        {
            var workflow = Load.Valid("hosts:\n  dc: { computerName: dc01, useSSL: true, configurationName: PowerShell.7 }\n  bare: { hostName: 10.0.0.5, keyFilePath: ~/.ssh/id_ed25519 }\nnodes:\n  a: { run: x }\n");

            var dc = workflow.Hosts["dc"];
            Assert.Equal(HostTransport.WinRM, dc.Transport);
            Assert.Equal("dc01", dc.ComputerName);
            Assert.True(dc.UseSsl);
            Assert.Equal("PowerShell.7", dc.ConfigurationName);
            Assert.Equal(5986, dc.EffectivePort);
            var bare = workflow.Hosts["bare"];
            Assert.Equal(HostDefinition.DefaultMaxSessions, bare.MaxSessions);
            Assert.Equal(HostDefinition.DefaultConnectTimeout, bare.ConnectTimeout);
            Assert.Equal(22, bare.EffectivePort);
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "id_ed25519"), bare.KeyFilePath);
            Assert.Empty(workflow.Node("a").On);
            Assert.Null(workflow.Node("a").Host);
        }

        [Fact]
        public void AnUnknownHost_IsDAG0021WithTheNearestName()
        {
            var result = Load.Yaml("hosts:\n  web1: { hostName: w1 }\n  db: { hostName: d1 }\nnodes:\n  a: { run: x, on: wbe1 }\n");

            var error = result.SingleError(DiagnosticIds.UnknownHost, 5, 20);
            Assert.Contains("Did you mean 'web1'?", error.Message);
        }

        [Fact]
        public void OnWithoutHosts_SaysHowToAddThem()
        {
            var error = Load.Yaml("nodes:\n  a: { run: x, on: web1 }\n").SingleError(DiagnosticIds.UnknownHost, 2, 20);
            Assert.Contains("no top-level 'hosts:'", error.Message);
        }

        [Theory]
        [InlineData("web: { hostName: a, computerName: b }", DiagnosticIds.BadHost, 2, 3)]
        [InlineData("web: { userName: me }", DiagnosticIds.BadHost, 2, 3)]
        [InlineData("web:", DiagnosticIds.BadHost, 2, 3)]
        [InlineData("web: { hostName: a, useSSL: true }", DiagnosticIds.BadHost, 2, 23)]
        [InlineData("web: { computerName: a, keyFilePath: k }", DiagnosticIds.BadHost, 2, 27)]
        [InlineData("web: { hostName: '  ' }", DiagnosticIds.BadHost, 2, 10)]
        [InlineData("web: { hostName: a, port: 70000 }", DiagnosticIds.BadValue, 2, 29)]
        [InlineData("web: { hostName: a, maxSessions: 0 }", DiagnosticIds.BadValue, 2, 36)]
        [InlineData("web: { hostName: a, connectTimeout: 30 }", DiagnosticIds.BadDuration, 2, 39)]
        [InlineData("web: { hostName: a, user: me }", DiagnosticIds.UnknownKey, 2, 23)]
        [InlineData("web: { hostName: a, options: [x] }", DiagnosticIds.WrongType, 2, 32)]
        [InlineData("web server: { hostName: a }", DiagnosticIds.BadValue, 2, 3)]
        public void AHostEntryThatCannotBeConnectedToAsWritten_IsReported(string entry, string id, int line, int column)
        {
            Load.Yaml($"hosts:\n  {entry}\nnodes:\n  a: {{ run: x }}\n").Single(id, line, column);
        }

        [Fact]
        public void AnUnknownHostKey_SuggestsTheNearest()
        {
            var error = Load.Yaml("hosts:\n  web: { hostName: a, usrName: me }\nnodes:\n  a: { run: x }\n").SingleError(DiagnosticIds.UnknownKey, 2, 23);
            Assert.Contains("Did you mean 'userName'?", error.Message);
        }

        [Theory]
        [InlineData("on: []", DiagnosticIds.WrongType)]
        [InlineData("on: [web, WEB]", DiagnosticIds.DuplicateKey)]
        [InlineData("on: { web: 1 }", DiagnosticIds.BadOnAny)]
        [InlineData("on: [web, db]\n    foreach: [1, 2]", DiagnosticIds.BadValue)]
        public void ABadOn_IsReported(string on, string id)
        {
            var result = Load.Yaml($"hosts:\n  web: {{ hostName: w }}\n  db: {{ hostName: d }}\nnodes:\n  a:\n    run: x\n    {on}\n");
            Assert.Contains(result.Errors, d => d.Id == id);
        }

        [Fact]
        public void OnSeveralHosts_IsAForeachOverThem()
        {
            var node = Load.Valid("hosts:\n  web1: { hostName: w1 }\n  web2: { hostName: w2 }\nnodes:\n  deploy: { run: x, on: [web1, WEB2] }\n").Node("deploy");

            Assert.Equal(new[] { "web1", "web2" }, node.On); // spelled as in hosts:
            Assert.Null(node.Host);
            Assert.Equal(new object?[] { "web1", "web2" }, node.ForEach!.Items);
            Assert.Equal(5, node.ForEach.Location.Line);
        }

        [Fact]
        public void Hosts_LoadFromAHashtableToo()
        {
            var definition = new OrderedDictionary
            {
                ["Hosts"] = new Hashtable { ["web"] = new Hashtable { ["HostName"] = "w1", ["Port"] = 2200 } },
                ["Nodes"] = new OrderedDictionary { ["a"] = new Hashtable { ["Run"] = "x", ["On"] = "web" } },
            };

            var result = WorkflowLoader.LoadObject(definition, Path.GetTempPath());
            Assert.False(result.HasErrors, result.ToString());
            Assert.Equal(2200, result.Workflow!.Hosts["web"].Port);
            Assert.Equal("web", result.Workflow.Nodes[0].Host);
        }
    }
}
