namespace DagRunner.PowerShell.Tests.TestSupport
{
    /// <summary>The workflows the output tests share: small, with every column and clause the texts can show.</summary>
    internal static class SampleWorkflows
    {
        /// <summary>Two roots (one with a short name and nothing after it), a priority, continueOnError and an if:.</summary>
        public const string Build = @"name: build
nodes:
  restore:
    run: 'r'
  docs:
    run: 'd'
  compile:
    needs: restore
    run: 'c'
    priority: 2
  lint:
    needs: restore
    run: 'l'
    continueOnError: true
  package:
    needs: [compile, lint]
    run: 'p'
    if: $true
";
    }
}
