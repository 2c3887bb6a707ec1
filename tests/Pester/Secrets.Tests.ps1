# Secrets (top-level secrets:): where their values come from, and that no place DagRunner writes ever holds them.
# Each sink test runs a workflow whose nodes write two known secret values every way a node can (host, output,
# warning, verbose, information, error, a thrown error, an output object, a foreach instance, a retry) and greps
# what DagRunner produced for them. They fail if masking is taken out of the engine.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:token = 'tok-9f8e7d-LEAKED'
    $script:password = 'pw-5c4b3a-LEAKED'
    $script:passwordBase64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($password))
    $script:leakyYaml = @'
name: leaky
secrets:
  apiToken: env:DAGRUNNER_TEST_TOKEN
  dbPassword: param
nodes:
  writer:
    run: |
      Write-Host "host $apiToken"
      Write-Warning "warning $dbPassword"
      Write-Verbose "verbose $apiToken" -Verbose
      Write-Information "information $apiToken" -InformationAction Continue
      Write-Error "non-terminating $apiToken" -ErrorAction Continue
      "output $apiToken"
      [pscustomobject]@{ Url = "https://x/?t=$apiToken"; Basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($dbPassword)) }
  each:
    foreach: [one, two]
    run: |
      Write-Host "$Item $($Dag.Variables.apiToken)"
      "$Item-$dbPassword"
  reader:
    needs: writer
    run: |
      Write-Host "from needs: $($Needs.writer.Url)"
      [pscustomobject]@{ NeedsMasked = $Needs.writer.Url -ceq 'https://x/?t=***' }
  failing:
    needs: writer
    retry: { attempts: 2, delay: 10ms }
    run: |
      'before'
      throw "denied for $apiToken with $dbPassword"
'@
    $script:leaky = New-Workflow -Name leaky $leakyYaml

    # Fails the test with the offending lines when $Text holds a secret value (or the Base64 of one).
    function Assert-NoSecret([string] $Text, [string] $Where) {
        $leaks = @($Text -split "`n" | Where-Object { $_ -match 'LEAKED' -or $_.Contains($passwordBase64) })
        $leaks | Should -BeNullOrEmpty -Because "$Where must not hold a secret's value"
    }

    # The leaky workflow in a child pwsh: everything it printed (host lines, streams, the result and its nodes).
    function Invoke-LeakyChild([string] $Mode, [string] $Folder) {
        Invoke-ChildPwsh @"
`$env:DAGRUNNER_TEST_TOKEN = '$token'
`$r = Invoke-Dag '$leaky' -OutputMode $Mode -Secrets @{ dbPassword = (ConvertTo-SecureString '$password' -AsPlainText -Force) } -CheckpointPath '$Folder/cp.json' -Verbose
`$r
if (`$r.Nodes) { `$r.Nodes | Format-List * | Out-String -Width 500; `$r.Nodes.Output | Format-List * | Out-String -Width 500 }
"@
    }

    # The leaky workflow in this session; returns the result, with the errors and warnings it wrote.
    function Invoke-Leaky([string] $Folder, [hashtable] $Extra = @{}, [string] $OutputMode = 'Silent') {
        $env:DAGRUNNER_TEST_TOKEN = $token
        try {
            $r = Invoke-Dag $leaky -Secrets @{ dbPassword = $password } -CheckpointPath (Join-Path $Folder 'cp.json') -OutputMode $OutputMode `
                -ErrorVariable errs -WarningVariable warns -ErrorAction SilentlyContinue -WarningAction SilentlyContinue @Extra 6>$null
        }
        finally { Remove-Item Env:DAGRUNNER_TEST_TOKEN }
        [pscustomobject]@{ Result = $r; Errors = @($errs); Warnings = @($warns) }
    }
}

Describe 'Secret values are masked as *** in every place DagRunner writes' {
    It 'host lines and the summary, -OutputMode <Mode>' -ForEach @(
        @{ Mode = 'Prefixed'; Expect = '[writer] host ***' }
        @{ Mode = 'Grouped'; Expect = '[writer] host ***' }
        @{ Mode = 'Silent'; Expect = 'denied for *** with ***' }
        @{ Mode = 'Json'; Expect = '"text":"host ***"' }
    ) {
        $folder = Join-Path $TestDrive "mode-$Mode"
        $text = Invoke-LeakyChild $Mode $folder
        $text | Should -Not -BeNullOrEmpty
        $text.Contains($Expect) | Should -BeTrue -Because "the masked line is there: $Expect`n$text"
        Assert-NoSecret $text "-OutputMode $Mode"
    }

    It 'per-node log files and the summary file (-LogDirectory)' {
        $logs = Join-Path $TestDrive 'logs'
        $run = Invoke-Leaky (Join-Path $TestDrive 'logrun') @{ LogDirectory = $logs }
        $run.Result.Status | Should -Be 'Failed'
        $files = @(Get-ChildItem $logs -File)
        $files.Name | Should -Contain 'writer.log'
        $files.Name | Should -Contain 'summary.txt'
        (Get-Content (Join-Path $logs 'writer.log') -Raw) | Should -Match ([regex]::Escape('[host] host ***'))
        foreach ($file in $files) { Assert-NoSecret (Get-Content $file.FullName -Raw) "log file $($file.Name)" }
    }

    It 'error records: each failed node''s error, a node''s own error records, with the failing line kept' {
        $run = Invoke-Leaky (Join-Path $TestDrive 'errors')
        $failed = @($run.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'NodeFailed*' })
        $failed.Count | Should -Be 1
        $line = (Get-Content $leaky | Select-String -SimpleMatch 'throw "denied').LineNumber
        $failed[0].Exception.Message | Should -BeLike ('*denied for `*`*`* with `*`*`* ' + [WildcardPattern]::Escape("[$leaky($line,7)]"))
        foreach ($record in $run.Errors) {
            Assert-NoSecret (($record | Format-List * -Force | Out-String -Width 500) + $record.Exception.ToString() + ($record.TargetObject | Out-String)) "error record $($record.FullyQualifiedErrorId)"
        }
    }

    It 'the result: outputs, errors and attempts; an output that held a secret is masked with a warning naming the node' {
        $run = Invoke-Leaky (Join-Path $TestDrive 'result') -OutputMode Prefixed
        $r = $run.Result
        $r['writer'].Output[0] | Should -Be 'output ***'
        $r['writer'].Output[1].Url | Should -Be 'https://x/?t=***'
        $r['writer'].Output[1].Basic | Should -Be '***' -Because 'the Base64 of a secret is masked too'
        $r['each'].Output | Should -Be @('one-***', 'two-***')
        $r['failing'].Attempts | Should -Be 2
        $warning = @($run.Warnings | Where-Object { "$_" -like "*The output of node 'writer' contains the value of a secret*" })
        $warning.Count | Should -Be 1
        $text = ($r | Out-String -Width 500) + ($r.Nodes | Format-List * | Out-String -Width 500) + ($r.Nodes.AttemptRecords | Format-List * | Out-String -Width 500) +
            ($r.Nodes.Output | Format-List * | Out-String -Width 500) + ($run.Warnings | Out-String -Width 500)
        Assert-NoSecret $text 'the result and the warnings'
    }

    It 'dependents get the masked output in $Needs' {
        $logs = Join-Path $TestDrive 'needs-logs'
        $run = Invoke-Leaky (Join-Path $TestDrive 'needs') @{ LogDirectory = $logs }
        (Get-Content (Join-Path $logs 'reader.log') -Raw) | Should -Match ([regex]::Escape('from needs: https://x/?t=***'))
        $run.Result['reader'].Output.NeedsMasked | Should -BeTrue -Because 'the node itself got the masked output'
    }

    It 'exports: Export-DagTimeline, Export-DagGraph and Export-DagResult, from the result and from the checkpoint' {
        $folder = Join-Path $TestDrive 'exports'
        $r = (Invoke-Leaky $folder).Result
        $texts = @(
            Export-DagTimeline $r -Format ChromeTrace
            Export-DagTimeline $r -Format MermaidGantt
            $r | Export-DagGraph -Format Mermaid
            $r | Export-DagGraph -Format Dot
            Export-DagGraph $leaky -FromCheckpoint -CheckpointPath (Join-Path $folder 'cp.json') -Format Dot
            $r | Export-DagResult -Format JUnit
            $r | Export-DagResult -Format Json
            Export-DagResult $leaky -CheckpointPath (Join-Path $folder 'cp.json') -Format JUnit
            Export-DagResult -CheckpointPath (Join-Path $folder 'cp.json') -Format Json
        )
        ($texts -join "`n") | Should -Match ([regex]::Escape('"error":"denied for *** with ***"')) -Because 'the trace carries each failed attempt''s error'
        ($texts -join "`n") | Should -Match ([regex]::Escape('<failure message="denied for *** with ***"')) -Because 'the JUnit file carries the masked error'
        ($texts -join "`n") | Should -Match ([regex]::Escape('output: ["output ***"')) -Because 'the JUnit file carries the masked output'
        Assert-NoSecret ($texts -join "`n") 'the exports'
    }

    It 'the checkpoint, its journal and the run history' {
        $folder = Join-Path $TestDrive 'files'
        $null = Invoke-Leaky $folder
        $files = @(Get-ChildItem $folder -File -Recurse)
        $files.Count | Should -BeGreaterOrEqual 2
        ($files | Get-Content -Raw) -join "`n" | Should -Match ([regex]::Escape('denied for *** with ***'))
        foreach ($file in $files) { Assert-NoSecret (Get-Content $file.FullName -Raw) "file $($file.Name)" }
        (Get-DagCheckpoint $leaky -CheckpointPath (Join-Path $folder 'cp.json')).Nodes | Format-List * | Out-String | ForEach-Object { Assert-NoSecret $_ 'Get-DagCheckpoint' }
    }
}

Describe 'Where secret values come from' {
    BeforeAll {
        $script:simple = New-Workflow -Name simple @'
secrets:
  apiToken: env:DAGRUNNER_TEST_TOKEN
nodes:
  check:
    run: |
      New-Item -ItemType File -Path (Join-Path $Dag.WorkflowDirectory 'simple-ran.txt') -Force | Out-Null
      [pscustomobject]@{ Matches = ($apiToken -ceq $env:DAGRUNNER_TEST_TOKEN); Chars = $apiToken.Length }
'@
        $script:marker = Join-Path $TestDrive 'simple-ran.txt'
    }
    BeforeEach { Remove-Item $marker, Env:DAGRUNNER_TEST_TOKEN -ErrorAction Ignore }
    AfterEach { Remove-Item Env:DAGRUNNER_TEST_TOKEN -ErrorAction Ignore }

    It 'env:NAME is the environment variable; nodes see the plain value' {
        $env:DAGRUNNER_TEST_TOKEN = $token
        $r = Invoke-Dag $simple -NoCheckpoint -OutputMode Silent
        $r['check'].Output.Matches | Should -BeTrue
        $r['check'].Output.Chars | Should -Be $token.Length
    }

    It '-Secrets overrides the source, as a string or a SecureString' {
        $env:DAGRUNNER_TEST_TOKEN = 'from-the-environment'
        $r = Invoke-Dag $simple -NoCheckpoint -OutputMode Silent -Secrets @{ apiToken = (ConvertTo-SecureString 'from-secrets' -AsPlainText -Force) }
        $r['check'].Output.Matches | Should -BeFalse
        $r['check'].Output.Chars | Should -Be 'from-secrets'.Length
    }

    It 'a -Parameters entry with a secret''s name does not change the secret' {
        $r = Invoke-Dag $simple -NoCheckpoint -OutputMode Silent -Parameters @{ apiToken = 'from-parameters' } -Secrets @{ apiToken = 'the-secret' }
        $r['check'].Output.Chars | Should -Be 'the-secret'.Length
    }

    It 'a secret without a value is DAG0042 naming the secret and its source, and no node starts' {
        $r = Invoke-Dag $simple -OutputMode Silent -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0042,*'
        $errs[0].Exception.Message | Should -BeLike "*(2,3): error DAG0042: Secret 'apiToken' (env:DAGRUNNER_TEST_TOKEN)*"
        $marker | Should -Not -Exist
        Join-Path $TestDrive '.dagrunner/simple.checkpoint.json' | Should -Not -Exist
    }

    It 'a value shorter than 4 characters is DAG0043, and a -Secrets key that is not declared is DAG0044' {
        $null = Invoke-Dag $simple -NoCheckpoint -Secrets @{ apiToken = 'qrs'; apiTokn = 'x-y-z' } -ErrorVariable errs -ErrorAction SilentlyContinue
        @($errs.FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] } | Sort-Object) | Should -Be @('DAG0043', 'DAG0044')
        ($errs | Out-String) | Should -Not -Match 'qrs' # not hex: the random TestDrive path in the messages is
        $marker | Should -Not -Exist
    }

    It 'Test-Dag and -WhatIf check the declarations and need no values; a bad declaration is DAG0040 at its line' {
        Test-Dag $simple | Should -BeTrue
        $null = Invoke-Dag $simple -WhatIf -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $bad = New-Workflow "secrets:`n  apiToken: hunter2-pasted-value`nnodes:`n  a: { run: `"'a'`" }"
        Test-Dag $bad -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeFalse
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0040,*'
        $errs[0].Exception.Message | Should -BeLike '*(2,13): error DAG0040:*'
        $errs[0].Exception.Message | Should -Not -Match 'hunter2'
    }

    It 'a new secret value does not change a node''s definition hash: Resume-Dag runs nothing again' {
        $env:DAGRUNNER_TEST_TOKEN = 'first-value'
        $r = Invoke-Dag $simple -OutputMode Silent
        $r.Status | Should -Be 'Succeeded'
        $env:DAGRUNNER_TEST_TOKEN = 'second-value'
        $null = Resume-Dag $simple -OutputMode Silent -WarningVariable warns -WarningAction SilentlyContinue
        "$warns" | Should -BeLike 'Nothing to resume*'
    }

    It 'an inline -Definition declares secrets the same way' {
        $r = Invoke-Dag -Definition @{ secrets = @{ key = 'param' }; nodes = @{ a = @{ run = 'Write-Host "key $key"; $key.Length' } } } -Secrets @{ key = 'inline-secret' } -NoCheckpoint -InformationVariable info 6>$null
        $r['a'].Output | Should -Be 13
        (Get-HostText $info) | Should -Contain '[a] key ***'
    }

    Context 'vault:Name, with Microsoft.PowerShell.SecretManagement' {
        BeforeAll {
            $script:vaultWorkflow = New-Workflow -Name vaulted @'
secrets:
  dbPassword: vault:Prod-Db
nodes:
  db:
    run: |
      Write-Host "connecting with $dbPassword"
      $dbPassword.Length
'@
            $script:savedModulePath = $env:PSModulePath
            $script:vaultFile = Join-Path $TestDrive 'vault.json'
        }
        AfterEach {
            $env:PSModulePath = $savedModulePath
            Remove-Item Env:DAGRUNNER_FAKE_VAULT -ErrorAction Ignore
            Remove-Module Microsoft.PowerShell.SecretManagement -ErrorAction Ignore
        }

        It 'reads Get-Secret of the module, found on PSModulePath when the run starts' {
            @{ 'Prod-Db' = 'vault-LEAKED-value' } | ConvertTo-Json | Set-Content $vaultFile
            $env:DAGRUNNER_FAKE_VAULT = $vaultFile
            $env:PSModulePath = (Join-Path $PSScriptRoot 'Fixtures/FakeSecretManagement') + [IO.Path]::PathSeparator + $savedModulePath
            Get-Module Microsoft.PowerShell.SecretManagement | Should -BeNullOrEmpty -Because 'DagRunner finds the module itself'
            $r = Invoke-Dag $vaultWorkflow -NoCheckpoint -InformationVariable info 6>$null
            $r['db'].Output | Should -Be 'vault-LEAKED-value'.Length
            (Get-HostText $info) | Should -Contain '[db] connecting with ***'
        }

        It 'a secret the vault does not have is DAG0042, with Get-Secret''s reason' {
            '{}' | Set-Content $vaultFile
            $env:DAGRUNNER_FAKE_VAULT = $vaultFile
            $env:PSModulePath = (Join-Path $PSScriptRoot 'Fixtures/FakeSecretManagement') + [IO.Path]::PathSeparator + $savedModulePath
            $null = Invoke-Dag $vaultWorkflow -NoCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0042,*'
            $errs[0].Exception.Message | Should -BeLike "*'dbPassword' (vault:Prod-Db)*The secret Prod-Db was not found*"
        }

        It 'without the module, a vault secret is DAG0042 saying SecretManagement is not installed' {
            if (Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement) {
                Set-ItResult -Skipped -Because 'SecretManagement is installed on this machine'
                return
            }
            $null = Invoke-Dag $vaultWorkflow -NoCheckpoint -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'DAG0042,*'
            $errs[0].Exception.Message | Should -BeLike '*SecretManagement is not installed*'
        }
    }
}
