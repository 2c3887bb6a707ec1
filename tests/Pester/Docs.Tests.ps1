# The documentation against the code, so the two cannot drift apart: README.md and docs/*.md, the about topics
# (module/en-US) and the cmdlet help sources (module/help) must name the workflow keys the JSON Schema has, the
# DAGnnnn ids the engine defines and the parameters the built cmdlets take, and every relative link must lead to a
# file (and heading) that exists.
#
# How a key counts as "documented", precisely:
#   docs/workflow.md, docs/remote.md  a row of the key table under the section's heading whose first cell is the key
#                                     in backticks (`inputs`, `outputs` documents both);
#   about_DagRunner_Workflow          a line of its own in the TOP-LEVEL KEYS or NODE KEYS section, indented 4 spaces
#                                     ("    inputs, outputs", "    nodes (required)"); a hosts entry key is a line
#                                     indented 12 spaces that starts with the key, then its meaning.
# A diagnostic id counts when it starts a row of the table under "## Errors" in docs/workflow.md, or a line of the
# ERROR IDS section of the about topic (indented 4 spaces).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:cmdlets = @(Get-Command -Module DagRunner -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    function Read-Text([string] $RelativePath) { Get-Content (Join-Path $root $RelativePath) -Raw }

    # The body of a Markdown section: from the line '## Heading' (any level) to the next heading of that level or higher.
    function Get-MarkdownSection([string] $Text, [string] $Heading) {
        $m = [regex]::Match($Text, "(?m)^(?<level>#+) $([regex]::Escape($Heading))\s*$")
        if (-not $m.Success) { throw "No heading '$Heading'." }
        $rest = $Text.Substring($m.Index + $m.Length)
        $end = [regex]::Match($rest, "(?m)^#{1,$($m.Groups['level'].Value.Length)} ")
        if ($end.Success) { $rest.Substring(0, $end.Index) } else { $rest }
    }

    # The keys of a Markdown key table: each row's first cell, when it holds only `names` in backticks.
    function Get-TableKeys([string] $Section) {
        foreach ($m in [regex]::Matches($Section, '(?m)^\|\s*(?<cell>`\w+`(?:\s*,\s*`\w+`)*)\s*\|')) {
            [regex]::Matches($m.Groups['cell'].Value, '`(\w+)`') | ForEach-Object { $_.Groups[1].Value }
        }
    }

    # A section of an about topic: the lines after its all-capitals title line, up to the next title line.
    function Get-AboutSection([string] $Text, [string] $Title) {
        $m = [regex]::Match($Text, "(?m)^$([regex]::Escape($Title))\r?$")
        if (-not $m.Success) { throw "No section '$Title'." }
        $rest = $Text.Substring($m.Index + $m.Length)
        $end = [regex]::Match($rest, '(?m)^[A-Z][A-Z -]+\r?$')
        if ($end.Success) { $rest.Substring(0, $end.Index) } else { $rest }
    }

    # The keys an about section documents: lines of their own, indented exactly 4 spaces.
    function Get-AboutKeys([string] $Section) {
        foreach ($m in [regex]::Matches($Section, '(?m)^ {4}(?<keys>[a-zA-Z]+(?:, [a-zA-Z]+)*)(?: \(required\))?\r?$')) {
            $m.Groups['keys'].Value -split ', '
        }
    }

    # The names missing from $Documented and the ones it has beyond $Expected, as a readable verdict ('' = agree).
    function Compare-Names([string[]] $Expected, [string[]] $Documented) {
        $missing = @($Expected | Where-Object { $_ -cnotin $Documented })
        $extra = @($Documented | Where-Object { $_ -cnotin $Expected })
        @(if ($missing) { "missing: $($missing -join ', ')" }; if ($extra) { "not in the schema/code: $($extra -join ', ')" }) -join '; '
    }

    $schema = Read-Text 'module/DagRunner.schema.json' | ConvertFrom-Json
    $script:schemaKeys = @{
        TopLevel = @($schema.properties.PSObject.Properties.Name)
        Node     = @($schema.definitions.node.properties.PSObject.Properties.Name)
        Host     = @(@($schema.definitions.sshHost.properties.PSObject.Properties.Name) + @($schema.definitions.winrmHost.properties.PSObject.Properties.Name) | Select-Object -Unique)
    }
    $script:workflowPage = Read-Text 'docs/workflow.md'
    $script:remotePage = Read-Text 'docs/remote.md'
    $script:aboutWorkflow = Read-Text 'module/en-US/about_DagRunner_Workflow.help.txt'

    # Every id the engine defines, read from its source as text: const strings "DAGnnnn".
    $script:diagnosticIds = @([regex]::Matches((Read-Text 'src/DagRunner.Engine/Validation/DiagnosticIds.cs'), 'const\s+string\s+\w+\s*=\s*"(DAG\d{4})"') |
            ForEach-Object { $_.Groups[1].Value })
    # The MSBuild task's codes (DAG2nnn, DAGMSBnnn), which docs may name too.
    $script:taskCodes = @([regex]::Matches((Read-Text 'src/DagRunner.MSBuild/Codes.cs'), 'const\s+string\s+\w+\s*=\s*"(DAG(?:MSB)?\d{3,4})"') |
            ForEach-Object { $_.Groups[1].Value })

    $script:markdownFiles = @(Get-Item (Join-Path $root 'README.md'), (Join-Path $root 'CHANGELOG.md')) + @(Get-ChildItem (Join-Path $root 'docs') -Filter *.md)
    $script:helpFiles = @(Get-ChildItem (Join-Path $root 'module/help') -Filter *.md) + @(Get-ChildItem (Join-Path $root 'module/en-US') -Filter *.txt)
}

Describe 'Workflow keys: the schema, docs/workflow.md and about_DagRunner_Workflow agree' {
    It 'docs/workflow.md has a row for every top-level key of the schema, and for no other key' {
        $documented = @(Get-TableKeys (Get-MarkdownSection $workflowPage 'Top-level keys'))
        Compare-Names $schemaKeys.TopLevel $documented | Should -BeNullOrEmpty
    }

    It 'docs/workflow.md has a row for every node key of the schema, and for no other key' {
        $documented = @(Get-TableKeys (Get-MarkdownSection $workflowPage 'Node keys'))
        Compare-Names $schemaKeys.Node $documented | Should -BeNullOrEmpty
    }

    It 'about_DagRunner_Workflow has a line for every top-level key of the schema, and for no other key' {
        $documented = @(Get-AboutKeys (Get-AboutSection $aboutWorkflow 'TOP-LEVEL KEYS'))
        Compare-Names $schemaKeys.TopLevel $documented | Should -BeNullOrEmpty
    }

    It 'about_DagRunner_Workflow has a line for every node key of the schema, and for no other key' {
        $documented = @(Get-AboutKeys (Get-AboutSection $aboutWorkflow 'NODE KEYS'))
        Compare-Names $schemaKeys.Node $documented | Should -BeNullOrEmpty
    }

    It 'docs/remote.md has a row for every hosts entry key of the schema (SSH and WinRM), and for no other key' {
        $documented = @(Get-TableKeys (Get-MarkdownSection $remotePage 'Hosts entry keys'))
        Compare-Names $schemaKeys.Host $documented | Should -BeNullOrEmpty
    }

    It 'about_DagRunner_Workflow describes every hosts entry key of the schema, and no other key' {
        $section = Get-AboutSection $aboutWorkflow 'TOP-LEVEL KEYS'
        $documented = @([regex]::Matches($section, '(?m)^ {12}(?<key>[a-zA-Z]+) {2,}\S') | ForEach-Object { $_.Groups['key'].Value } | Select-Object -Unique)
        Compare-Names $schemaKeys.Host $documented | Should -BeNullOrEmpty
    }

    It 'reads keys as the test means to: the parsers find the tables and sections they look for' {
        # Guards the checks above against passing on empty input (a renamed heading would make both sides empty only
        # if the schema were empty too, but a broken table parser must fail loudly here).
        $schemaKeys.TopLevel.Count | Should -BeGreaterThan 10
        $schemaKeys.Node.Count | Should -BeGreaterThan 15
        $schemaKeys.Host.Count | Should -BeGreaterThan 10
        @(Get-TableKeys ('| `a` | x |', '| `b`, `c` | y |', '| d | z |', '| `e` and more | w |' -join "`n")) | Should -Be @('a', 'b', 'c')
        @(Get-AboutKeys ('    one', '    two, three', '    four (required)', '    not a key line', '        five' -join "`n")) | Should -Be @('one', 'two', 'three', 'four')
    }
}

Describe 'Diagnostic ids: the engine, docs/workflow.md and about_DagRunner_Workflow agree' {
    It 'finds the ids in src/DagRunner.Engine/Validation/DiagnosticIds.cs' {
        $diagnosticIds.Count | Should -BeGreaterThan 30
        $diagnosticIds | Should -Contain 'DAG0001'
    }

    It 'the errors table of docs/workflow.md has a row for every id, and for no other' {
        $section = Get-MarkdownSection $workflowPage 'Errors'
        $documented = @([regex]::Matches($section, '(?m)^\|\s*(DAG\d{4})\s*\|') | ForEach-Object { $_.Groups[1].Value })
        Compare-Names $diagnosticIds $documented | Should -BeNullOrEmpty
    }

    It 'the ERROR IDS section of about_DagRunner_Workflow has a line for every id, and for no other' {
        $section = Get-AboutSection $aboutWorkflow 'ERROR IDS'
        $documented = @([regex]::Matches($section, '(?m)^ {4}(DAG\d{4})\s') | ForEach-Object { $_.Groups[1].Value })
        Compare-Names $diagnosticIds $documented | Should -BeNullOrEmpty
    }

    It 'no page, help file or about topic names an id that neither the engine nor the MSBuild task defines' {
        $known = $diagnosticIds + $taskCodes
        $unknown = foreach ($file in $markdownFiles + $helpFiles) {
            [regex]::Matches((Get-Content $file.FullName -Raw), '\bDAG(?:MSB)?\d{3,4}\b') | ForEach-Object Value |
                Where-Object { $_ -notin $known } | ForEach-Object { "$($file.Name): $_" }
        }
        $unknown | Should -BeNullOrEmpty
    }
}

Describe 'Parameters of <Name>: the README and the help name each one' -ForEach $cmdlets {
    BeforeAll {
        $script:command = Get-Command $Name
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $script:parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        $table = Get-MarkdownSection (Read-Text 'README.md') 'Commands'
        $script:header = ($table -split '\r?\n' | Where-Object { $_ -match '^\| command \|' } | Select-Object -First 1)
        $script:rows = @($table -split '\r?\n' | Where-Object { $_ -match "^\|\s*``$([regex]::Escape($Name))``\s*\|" })
        # The parameters cell: the third; the header's third cell covers -Path and -Definition for every row.
        $script:cell = if ($rows.Count -eq 1) { ($rows[0] -split '(?<!\\)\|')[3] } else { '' }
    }

    It 'has one row in the README''s command table' {
        $rows.Count | Should -Be 1
    }

    It 'the README row lists every parameter of the built cmdlet' {
        $headerCell = ($header -split '(?<!\\)\|')[3]
        $missing = @($parameters | Where-Object { $cell -notmatch "(?<![\w-])-$_\b" -and $headerCell -notmatch "(?<![\w-])-$_\b" })
        $missing | Should -BeNullOrEmpty -Because "the README's command table is the parameter list of $Name"
    }

    It 'the README row names no parameter the cmdlet does not have' {
        $named = @([regex]::Matches($cell, '(?<![\w-])-([A-Z][A-Za-z]+)\b') | ForEach-Object { $_.Groups[1].Value })
        $named | Where-Object { $_ -notin $command.Parameters.Keys } | Should -BeNullOrEmpty
    }

    It 'the help sources have a section for every parameter (module/help/<Name>.md or SharedParameters.md)' {
        $own = Read-Text "module/help/$Name.md"
        $shared = Read-Text 'module/help/SharedParameters.md'
        $missing = @($parameters | Where-Object { $own -cnotmatch "(?m)^### -$_\s*$" -and $shared -cnotmatch "(?m)^### -$_\s*$" })
        $missing | Should -BeNullOrEmpty
    }
}

Describe 'Links and the front page' {
    BeforeAll {
        # GitHub's anchor of a heading: lower case, punctuation other than - and _ removed, spaces made -.
        function ConvertTo-Anchor([string] $Heading) {
            ($Heading.Trim().ToLowerInvariant() -replace '[^\p{L}\p{N} _-]', '') -replace ' ', '-'
        }
        function Get-Anchors([string] $Path) {
            $text = Get-Content $Path -Raw
            $text = [regex]::Replace($text, '(?ms)^```.*?^```', '')
            $seen = @{}
            foreach ($m in [regex]::Matches($text, '(?m)^#+ (.+?)\s*$')) {
                $anchor = ConvertTo-Anchor $m.Groups[1].Value
                if ($seen.ContainsKey($anchor)) { $seen[$anchor]++; "$anchor-$($seen[$anchor])" } else { $seen[$anchor] = 0; $anchor }
            }
        }
    }

    It 'every relative link in README.md, CHANGELOG.md and docs/*.md leads to a file that exists, and to a heading there when it names one' {
        $broken = foreach ($file in $markdownFiles) {
            $text = Get-Content $file.FullName -Raw
            $text = [regex]::Replace($text, '(?ms)^\s*```.*?^\s*```', '')   # code blocks
            $text = [regex]::Replace($text, '`[^`\r\n]*`', '')              # code spans
            foreach ($m in [regex]::Matches($text, '!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+"[^"]*")?\)')) {
                $target = $m.Groups['target'].Value
                if ($target -match '^[a-z][a-z0-9+.-]*:') { continue }   # https:, mailto:
                $path, $anchor = $target -split '#', 2
                $full = if ($path) { [IO.Path]::GetFullPath((Join-Path $file.DirectoryName ([uri]::UnescapeDataString($path)))) } else { $file.FullName }
                if (-not (Test-Path $full)) { "$($file.Name): $target (no such file)"; continue }
                if ($anchor -and $full -like '*.md' -and $anchor -notin @(Get-Anchors $full)) { "$($file.Name): $target (no such heading)" }
            }
        }
        $broken | Should -BeNullOrEmpty
    }

    It 'the link check sees the README''s links (more than 15) and computes GitHub''s anchors' {
        $readme = Get-Content (Join-Path $root 'README.md') -Raw
        [regex]::Matches($readme, '\]\((?!https?:)[^)]+\)').Count | Should -BeGreaterThan 15
        ConvertTo-Anchor 'foreach: fanning out' | Should -Be 'foreach-fanning-out'
        ConvertTo-Anchor 'Ctrl+C and SIGTERM' | Should -Be 'ctrlc-and-sigterm'
        ConvertTo-Anchor 'What Resume-Dag runs again' | Should -Be 'what-resume-dag-runs-again'
    }

    It 'README.md is a front page: at most 260 lines' {
        @(Get-Content (Join-Path $root 'README.md')).Count | Should -BeLessOrEqual 260
    }

    It 'README.md keeps the two commands that build and try it, exactly' {
        $lines = @(Get-Content (Join-Path $root 'README.md'))
        $lines | Where-Object { $_ -like 'dotnet tool restore && dotnet pwsh ./build.ps1 Demo *' } | Should -HaveCount 1
        $lines | Where-Object { $_ -like 'dotnet tool restore && dotnet pwsh ./build.ps1 Test *' } | Should -HaveCount 1
        (Get-Content (Join-Path $root '.ci/run') -Raw) | Should -Match ([regex]::Escape('dotnet tool restore && dotnet pwsh ./build.ps1 Test'))
    }

    It 'no page, help file or about topic cites a DESIGN.md or a ../shared/ folder, which the repository does not have' {
        Test-Path (Join-Path $root 'DESIGN.md') | Should -BeFalse
        $cited = foreach ($file in $markdownFiles + $helpFiles) {
            Select-String -LiteralPath $file.FullName -Pattern 'DESIGN\.md', '\.\./shared/' | ForEach-Object { "$($file.Name):$($_.LineNumber): $($_.Line.Trim())" }
        }
        $cited | Should -BeNullOrEmpty
    }

    It 'LICENSE is the MIT license the manifest names' {
        $license = Get-Content (Join-Path $root 'LICENSE')
        $license[0] | Should -Be 'MIT License'
        $license | Should -Contain 'Copyright (c) 2026 DagRunner contributors'
        (Import-PowerShellDataFile (Join-Path $root 'DagRunner.psd1')).Copyright | Should -Match 'MIT'
    }
}

Describe 'What the docs show works as shown' {
    It 'every workflow in README.md, docs/*.md and about_DagRunner_Workflow passes Test-Dag (script files they name aside)' {
        $workflows = [System.Collections.Generic.List[object]]::new()
        foreach ($file in $markdownFiles) {
            foreach ($m in [regex]::Matches((Get-Content $file.FullName -Raw), '(?ms)^```yaml\r?\n(?<body>.*?)^```')) {
                if ($m.Groups['body'].Value -match '(?m)^nodes:') { $workflows.Add([pscustomobject]@{ Where = $file.Name; Yaml = $m.Groups['body'].Value }) }
            }
        }
        $example = [regex]::Match($aboutWorkflow, '(?ms)A complete example:\r?\n(?<body>.*?)^TOP-LEVEL KEYS').Groups['body'].Value
        $workflows.Add([pscustomobject]@{ Where = 'about_DagRunner_Workflow'; Yaml = (($example -split '\r?\n' | ForEach-Object { $_ -replace '^ {8}', '' }) -join "`n") })
        $workflows.Count | Should -BeGreaterThan 5

        $dir = Join-Path $TestDrive 'doc-workflows'
        New-Item -ItemType Directory $dir | Out-Null
        $problems = foreach ($w in $workflows) {
            $path = New-Workflow -Yaml $w.Yaml -Directory $dir
            $null = Test-Dag $path -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            # DAG0007, DAG0025: the examples name scripts (deploy.ps1, scripts/test.ps1) and module files (tools/Deploy.psm1)
            # that are the reader's, not in the repository; any other DAG0025 (a malformed entry) still counts.
            $errs | Where-Object { $_.FullyQualifiedErrorId -notlike 'DAG0007*' -and -not ($_.FullyQualifiedErrorId -like 'DAG0025*' -and $_.Exception.Message -like '*does not exist*') } | ForEach-Object { "$($w.Where): $($_.Exception.Message)" }
        }
        $problems | Should -BeNullOrEmpty
    }

    It 'a foreach instance''s log file is named as docs/output.md says: deploy[web02] writes deploy_web02_.log' {
        $wf = New-Workflow -Name logs @'
nodes:
  deploy:
    foreach: [web01, web02]
    run: Write-Host "deploying $Item"
'@
        $dir = Join-Path $TestDrive 'logs'
        $null = Invoke-Dag $wf -NoCheckpoint -OutputMode Silent -LogDirectory $dir
        Test-Path (Join-Path $dir 'deploy_web02_.log') | Should -BeTrue -Because "the folder holds $((Get-ChildItem $dir).Name -join ', ')"
        Get-Content (Join-Path $dir 'deploy_web02_.log') -Raw | Should -Match '\[host\] deploying web02'
    }

    Context 'the exit codes docs/ci.md gives, from pwsh -Command' {
        BeforeAll {
            $script:ciDir = Join-Path $TestDrive 'ci'
            New-Item -ItemType Directory $ciDir | Out-Null
            $null = New-Workflow -Directory $ciDir -Name ok "nodes:`n  a:`n    run: `"'fine'`""
            $null = New-Workflow -Directory $ciDir -Name fails "nodes:`n  a:`n    run: throw 'boom'"
            $null = New-Workflow -Directory $ciDir -Name invalid "nodes:`n  a:`n    needs: b`n    run: `"'x'`""
            # The exit code of `pwsh -NoProfile -Command <script>` run in the folder of the workflows.
            function Get-ExitCode([string] $Script) {
                $pwsh = Get-PwshCommand
                $manifest = Join-Path $root 'DagRunner.psd1'
                $null = & $pwsh.FileName @($pwsh.Prefix) -NoProfile -NonInteractive -Command "Set-Location '$ciDir'; Import-Module '$manifest'; $Script" 2>&1
                $LASTEXITCODE
            }
        }

        It '<Script> exits with <Code>' -ForEach @(
            @{ Script = 'Invoke-Dag ./ok.dag.yaml -NoCheckpoint'; Code = 0 }
            @{ Script = 'Invoke-Dag ./fails.dag.yaml -NoCheckpoint'; Code = 1 }
            @{ Script = 'Invoke-Dag ./invalid.dag.yaml -NoCheckpoint'; Code = 1 }
            @{ Script = "Invoke-Dag ./fails.dag.yaml -NoCheckpoint -ErrorAction Stop; 'after'"; Code = 1 }
            @{ Script = 'Test-Dag ./invalid.dag.yaml'; Code = 1 }
        ) {
            Get-ExitCode $Script | Should -Be $Code
        }
    }
}
