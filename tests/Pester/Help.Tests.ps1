# Help is a build product (build/New-MamlHelp.ps1 from module/help/*.md): every exported cmdlet has real help,
# and the about topics resolve, from ./DagRunner.psd1 and from the packaged module alike.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:cmdlets = @(Get-Command -Module DagRunner -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).ModuleVersion
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:command = Get-Command $Name
        $script:help = Get-Help $Name -Full
    }

    It 'has a synopsis of its own, not the syntax PowerShell shows when there is no help' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
        $help.Synopsis.Length | Should -BeGreaterThan 30
    }

    It 'has a description' {
        ($help.description.Text -join "`n").Length | Should -BeGreaterThan 100
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Match $Name
            ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every parameter, common parameters aside' {
        $parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        $parameters | Should -Not -BeNullOrEmpty
        foreach ($parameter in $parameters) {
            $text = (Get-Help $Name -Parameter $parameter).description.Text -join ''
            $text.Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'shows the syntax of the cmdlet as built: one entry per parameter set, with its parameters and types' {
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be $command.ParameterSets.Count
        foreach ($set in $command.ParameterSets) {
            $expected = @($set.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object)
            $match = $items | Where-Object { (@($_.parameter.name | Sort-Object) -join ',') -eq ($expected -join ',') }
            $match | Should -Not -BeNullOrEmpty -Because "parameter set '$($set.Name)' has $($expected -join ', ')"
        }
        foreach ($parameter in $help.parameters.parameter) {
            $type = $command.Parameters[$parameter.name].ParameterType
            $type = if ([Nullable]::GetUnderlyingType($type)) { [Nullable]::GetUnderlyingType($type) } else { $type }
            $parameter.type.name | Should -BeIn @($type.FullName, 'SwitchParameter') -Because "-$($parameter.name) is a $type"
        }
    }

    It 'lists related links' {
        @($help.relatedLinks.navigationLink).Count | Should -BeGreaterThan 0
    }
}

Describe 'The about topics and the help files' {
    It '<Topic> resolves from ./DagRunner.psd1' -ForEach @(@{ Topic = 'about_DagRunner' }, @{ Topic = 'about_DagRunner_Workflow' }) {
        $text = Get-Help $Topic | Out-String
        $text | Should -Match "TOPIC\s+$Topic\b"
        $text.Length | Should -BeGreaterThan 2000
    }

    It 'resolves the about topics and the cmdlet help from the packaged module too' {
        $pwsh = Get-PwshCommand
        $script = "`$env:PSModulePath = '$(Join-Path $root 'out')' + [IO.Path]::PathSeparator + `$env:PSModulePath; Import-Module DagRunner; " +
            "(Get-Module DagRunner).ModuleBase; (Get-Help about_DagRunner_Workflow | Out-String).Length; (Get-Help Invoke-Dag).Synopsis"
        $lines = @(& $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        $lines[0] | Should -Be (Join-Path $root "out/DagRunner/$version")
        [int]$lines[1] | Should -BeGreaterThan 2000
        $lines[2] | Should -Be (Get-Help Invoke-Dag).Synopsis
    }

    It 'has a valid MAML file with one command per exported cmdlet, in <Folder>' -ForEach @(
        @{ Folder = 'out/module/DagRunner' }, @{ Folder = 'out/DagRunner/<version>' }, @{ Folder = '. (for ./DagRunner.psd1)' }
    ) {
        $base = Join-Path $root (($Folder -replace '<version>', $version) -replace ' \(.*$', '')
        $xml = [xml](Get-Content (Join-Path $base 'en-US/DagRunner.PowerShell.dll-Help.xml') -Raw)
        $xml.helpItems.schema | Should -Be 'maml'
        $names = @($xml.helpItems.command | ForEach-Object { $_.details.name }) | Sort-Object
        $names | Should -Be @((Get-Command -Module DagRunner -CommandType Cmdlet).Name | Sort-Object)
        Test-Path (Join-Path $base 'en-US/about_DagRunner.help.txt') | Should -BeTrue
        Test-Path (Join-Path $base 'en-US/about_DagRunner_Workflow.help.txt') | Should -BeTrue
    }
}

Describe 'build/New-MamlHelp.ps1' {
    BeforeAll {
        # Runs the generator on a copy of module/help that -Change edits, and returns its exit code and messages.
        function Invoke-Generator([scriptblock] $Change) {
            $source = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            Copy-Item (Join-Path $root 'module/help') $source -Recurse
            & $Change $source
            $pwsh = Get-PwshCommand
            $output = & $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $root 'build/New-MamlHelp.ps1') `
                -Manifest (Join-Path $root 'DagRunner.psd1') -Source $source -Destination (Join-Path $source 'out/help.xml') 2>&1
            [pscustomobject]@{ Exit = $LASTEXITCODE; Text = ($output | ForEach-Object { "$_" }) -join "`n"; Written = Test-Path (Join-Path $source 'out/help.xml') }
        }
    }

    It 'writes the help from the sources as committed' {
        $result = Invoke-Generator {}
        $result.Exit | Should -Be 0 -Because $result.Text
        $result.Written | Should -BeTrue
    }

    It 'fails, names every problem and writes nothing when help is missing' {
        $result = Invoke-Generator {
            param($source)
            Remove-Item (Join-Path $source 'Get-DagPlan.md')
            $text = Get-Content (Join-Path $source 'Invoke-Dag.md') -Raw
            $text = $text -replace '(?s)### -NoCheckpoint.*?(?=### -Resume)', '' -replace '(?s)### Example 2:.*?(?=## INPUTS)', ''
            Set-Content (Join-Path $source 'Invoke-Dag.md') $text
            Set-Content (Join-Path $source 'Export-Nothing.md') "# Export-Nothing`n## SYNOPSIS`nx"
        }
        $result.Exit | Should -Be 1
        $result.Written | Should -BeFalse
        $result.Text | Should -Match 'Get-DagPlan has no help'
        $result.Text | Should -Match 'parameter -NoCheckpoint has no text'
        $result.Text | Should -Match 'at least two'
        $result.Text | Should -Match "no exported cmdlet is named 'Export-Nothing'"
    }
}
