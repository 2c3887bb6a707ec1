namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>The full example workflow of the design (a node with every key): it must always load.</summary>
    internal static class DesignExample
    {
        public const string Text = """
            name: release                 # optional; default: file name
            timeout: 1h                   # optional deadline for the whole run
            parallelism: unlimited        # int | low | medium | high | unlimited  (default unlimited)
            mode: parallel                # sequential | parallel | adaptive       (default parallel)
            variables:                    # become PowerShell variables in every node; -Parameters overrides
              Configuration: Release
            defaults:                     # apply to every node unless the node says otherwise
              retry: { attempts: 3, delay: 2s, backoff: exponential, maxDelay: 30s, jitter: true }
              timeout: 10m
            nodes:
              restore:
                run: dotnet restore
              build:
                needs: [restore]
                run: |
                  dotnet build -c $Configuration
                  [pscustomobject]@{ Version = '1.2.3' }    # pipeline output = node output
              test:
                needs: build
                retry: 2                  # shorthand for attempts
                timeout: 5m
                file: scripts/test.ps1    # a script file, relative to the workflow file
                with: { Filter: Unit }    # bound to the script's param() block
              package:
                needs: [build, test]
                if: $Needs.build.Version -ne $null   # PowerShell expression; false => Skipped
                run: ./pack.ps1 -Version $Needs.build.Version
              notify:
                needs: package
                when: always              # success (default) | notFailed | failure | always
                continueOnError: true     # a failure here does not fail the run
                run: Send-Note "release finished"
            """;
    }
}
