# module/DagRunner.schema.json against the loader: what Test-Dag accepts, the schema must accept (an editor must
# never flag a valid workflow), and the mistakes a schema can see, it must flag. Workflows are YAML, so each is
# converted to JSON the way the YAML language server reads it (YAML 1.2 core schema) and checked with Test-Json,
# which validates JSON Schema (draft-07 here) in PowerShell 7.4+.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:examples = @(Get-ChildItem (Join-Path $root 'module/examples') -Filter *.yaml | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-DagRunner
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:schemaPath = Join-Path $root 'module/DagRunner.schema.json'
    $script:schema = Get-Content $schemaPath -Raw

    # The module's own YamlDotNet, in a load context of its own: nothing else in this session sees it.
    $yamlDll = Join-Path $root 'out/module/DagRunner/Dependencies/YamlDotNet.dll'
    $script:yamlAssembly = [System.Runtime.Loader.AssemblyLoadContext]::new('SchemaTests').LoadFromAssemblyPath($yamlDll)

    # A plain YAML scalar as the YAML 1.2 core schema types it (as the YAML language server does); quoted and
    # block scalars are text.
    function ConvertFrom-YamlScalar($Node) {
        $text = $Node.Value
        if ("$($Node.Style)" -ne 'Plain') { return $text }
        if ($text -cin '', '~', 'null', 'Null', 'NULL') { return $null }
        if ($text -cin 'true', 'True', 'TRUE') { return $true }
        if ($text -cin 'false', 'False', 'FALSE') { return $false }
        if ($text -match '^[-+]?[0-9]+$') { return [System.Numerics.BigInteger]::Parse($text, [cultureinfo]::InvariantCulture) }
        if ($text -cmatch '^0o[0-7]+$') { return [Convert]::ToInt64($text.Substring(2), 8) }
        if ($text -cmatch '^0x[0-9a-fA-F]+$') { return [Convert]::ToInt64($text.Substring(2), 16) }
        if ($text -match '^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$') { return [double]::Parse($text, [cultureinfo]::InvariantCulture) }
        $text
    }

    # Aliases are resolved to the node they name, so an alias inside its own anchor never ends: it throws.
    function ConvertFrom-YamlNode($Node, [int] $Depth = 0) {
        if ($Depth -gt 64) { throw 'The YAML nests deeper than 64 levels (an alias inside its own anchor?).' }
        switch ($Node.GetType().Name) {
            'YamlMappingNode' {
                $map = [System.Collections.Specialized.OrderedDictionary]::new([StringComparer]::Ordinal)  # YAML keys are case-sensitive
                foreach ($pair in $Node.Children.GetEnumerator()) { $map[[string]$pair.Key.Value] = ConvertFrom-YamlNode $pair.Value ($Depth + 1) }
                return $map
            }
            'YamlSequenceNode' { return , @($Node.Children | ForEach-Object { ConvertFrom-YamlNode $_ ($Depth + 1) }) }
            default { return ConvertFrom-YamlScalar $Node }
        }
    }

    # The JSON the schema sees for a YAML document; $null when it is not one YAML document (Test-Dag says why).
    function ConvertTo-WorkflowJson([string] $Yaml) {
        $stream = [Activator]::CreateInstance($yamlAssembly.GetType('YamlDotNet.RepresentationModel.YamlStream'))
        try {
            $stream.Load([System.IO.StringReader]::new($Yaml))
            if ($stream.Documents.Count -ne 1) { return $null }
            ConvertTo-Json -InputObject (ConvertFrom-YamlNode $stream.Documents[0].RootNode) -Depth 64 -Compress
        }
        catch { $null }
    }

    # $true when the schema accepts the document; the errors go to -ErrorVariable.
    function Test-WorkflowSchema([string] $Json) {
        Test-Json -Json $Json -Schema $schema -ErrorAction SilentlyContinue
    }

    # The DAGnnnn ids of the errors Test-Dag reports for the YAML, written to a file of its own.
    function Get-LoaderErrorId([string] $Yaml) {
        $path = New-Workflow $Yaml -Directory $loaderDir
        $null = Test-Dag $path -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique)
    }
    $script:loaderDir = Join-Path $TestDrive 'loader'
    New-Item -ItemType Directory $loaderDir | Out-Null
}

Describe 'The workflow JSON Schema' {
    It 'is a draft-07 schema that PowerShell can load' {
        $doc = $schema | ConvertFrom-Json
        $doc.'$schema' | Should -Be 'http://json-schema.org/draft-07/schema#'
        Test-Json -Json '{ "nodes": { "a": { "run": "1" } } }' -Schema $schema | Should -BeTrue
    }

    It 'knows exactly the keys the loader knows (src/DagRunner.Engine/Loading/MappingKeys.cs)' {
        $source = Get-Content (Join-Path $root 'src/DagRunner.Engine/Loading/MappingKeys.cs') -Raw
        $keys = @{}
        foreach ($m in [regex]::Matches($source, 'string\[\]\s+(\w+)\s*=\s*\{([^}]*)\}')) {
            $keys[$m.Groups[1].Value] = @([regex]::Matches($m.Groups[2].Value, '"(\w+)"') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
        }
        $doc = $schema | ConvertFrom-Json
        $retryObject = $doc.definitions.retry.anyOf | Where-Object { $_.type -eq 'object' }
        @($doc.properties.PSObject.Properties.Name | Sort-Object) | Should -Be $keys.TopLevel
        @($doc.definitions.node.properties.PSObject.Properties.Name | Sort-Object) | Should -Be $keys.Node
        @($doc.properties.defaults.properties.PSObject.Properties.Name | Sort-Object) | Should -Be $keys.Defaults
        @($retryObject.properties.PSObject.Properties.Name | Sort-Object) | Should -Be $keys.Retry
        $forEachObject = $doc.definitions.node.properties.foreach.anyOf | Where-Object { $_.type -eq 'object' }
        @($forEachObject.properties.PSObject.Properties.Name | Sort-Object) | Should -Be $keys.ForEach
        @($doc.properties.checkpoint.properties.PSObject.Properties.Name | Sort-Object) | Should -Be $keys.Checkpoint
        @(@($doc.definitions.sshHost.properties.PSObject.Properties.Name) + @($doc.definitions.winrmHost.properties.PSObject.Properties.Name) | Sort-Object -Unique) | Should -Be $keys.Host
    }

    It 'writes its patterns in the ECMAScript regex the YAML language server runs (unicode mode: no escapes of plain characters)' {
        function Find-Pattern($Node) {
            if ($Node -is [System.Collections.IDictionary]) {
                foreach ($key in $Node.Keys) { if ($key -eq 'pattern') { $Node[$key] } else { Find-Pattern $Node[$key] } }
            }
            elseif ($Node -is [System.Collections.IList]) { foreach ($item in $Node) { Find-Pattern $item } }
        }
        $patterns = @(Find-Pattern ($schema | ConvertFrom-Json -AsHashtable))
        @($patterns).Count | Should -BeGreaterThan 5
        foreach ($pattern in $patterns) {
            $escaped = [regex]::Matches($pattern, '\\(.)') | ForEach-Object { $_.Groups[1].Value }
            $escaped | Where-Object { $_ -cnotmatch '[dDsSwWbBnrtfvu0-9\\.\-\[\]\(\)\{\}\*\+\?\^\$\|/]' } |
                Should -BeNullOrEmpty -Because "'$pattern' must compile with JavaScript's u flag"
            { [regex]::new($pattern) } | Should -Not -Throw
        }
    }

    It 'describes every property, for the editor''s hover text' {
        $missing = [System.Collections.Generic.List[string]]::new()
        function Find-Undescribed($Node, [string] $Where) {
            if ($Node -isnot [pscustomobject]) { return }
            foreach ($p in $Node.PSObject.Properties) {
                if ($p.Name -eq 'properties') {
                    foreach ($prop in $p.Value.PSObject.Properties) {
                        if (-not $prop.Value.description) { $missing.Add("$Where.$($prop.Name)") }
                    }
                }
                if ($p.Value -is [array]) { $p.Value | ForEach-Object { Find-Undescribed $_ "$Where.$($p.Name)" } }
                else { Find-Undescribed $p.Value "$Where.$($p.Name)" }
            }
        }
        Find-Undescribed ($schema | ConvertFrom-Json) '$'
        $missing | Should -BeNullOrEmpty
    }

    It 'accepts the example <Name>, which Test-Dag accepts too' -ForEach $examples {
        Test-Dag $Path -WarningAction SilentlyContinue | Should -BeTrue
        $json = ConvertTo-WorkflowJson (Get-Content $Path -Raw)
        Test-WorkflowSchema $json -ErrorVariable problems | Should -BeTrue -Because "$problems"
    }

    It 'is named on the first line of every example, for the YAML language server' -ForEach $examples {
        (Get-Content $Path -TotalCount 1) | Should -Be '# yaml-language-server: $schema=../DagRunner.schema.json'
    }
}

Describe 'The schema agrees with the loader on every workflow the tests and the README use' {
    BeforeAll {
        # Every YAML workflow written inline in the Pester tests (string constants), the xunit tests (C# raw and
        # regular string literals) and the README (```yaml blocks): each is a text whose top level has 'nodes:'.
        $isWorkflow = { param($text) $text -match '(?m)^nodes:' }
        $script:fixtures = [System.Collections.Generic.List[object]]::new()
        foreach ($file in Get-ChildItem (Join-Path $root 'tests/Pester') -Filter *.ps1 -Recurse) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $strings = $ast.FindAll({ param($a)
                    $a -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
                    ($a -is [System.Management.Automation.Language.ExpandableStringExpressionAst] -and $a.NestedExpressions.Count -eq 0) }, $true)
            foreach ($s in $strings) { if (& $isWorkflow $s.Value) { $fixtures.Add([pscustomobject]@{ Where = "$($file.Name):$($s.Extent.StartLineNumber)"; Yaml = $s.Value }) } }
        }
        foreach ($file in Get-ChildItem (Join-Path $root 'tests/DagRunner.Engine.Tests') -Filter *.cs -Recurse) {
            $source = Get-Content $file.FullName -Raw
            foreach ($m in [regex]::Matches($source, '(?<!\$)"""[ \t]*\r?\n(?<body>[\s\S]*?)\r?\n(?<indent>[ \t]*)"""')) {
                $indent = $m.Groups['indent'].Value
                $yaml = ($m.Groups['body'].Value -split '\r?\n' | ForEach-Object { if ($_.StartsWith($indent)) { $_.Substring($indent.Length) } else { $_.TrimStart() } }) -join "`n"
                $line = ($source.Substring(0, $m.Index) -split "`n").Count
                if (& $isWorkflow $yaml) { $fixtures.Add([pscustomobject]@{ Where = "$($file.Name):$line"; Yaml = $yaml }) }
            }
            foreach ($m in [regex]::Matches($source, '(?<![$@"])"(?<body>(?:[^"\\\r\n]|\\.)*)"(?!")')) {
                $yaml = $m.Groups['body'].Value -replace '\\n', "`n" -replace '\\t', "`t" -replace '\\"', '"' -replace '\\\\', '\'
                $line = ($source.Substring(0, $m.Index) -split "`n").Count
                if (& $isWorkflow $yaml) { $fixtures.Add([pscustomobject]@{ Where = "$($file.Name):$line"; Yaml = $yaml }) }
            }
        }
        $readme = Get-Content (Join-Path $root 'README.md') -Raw
        foreach ($m in [regex]::Matches($readme, '```yaml\r?\n(?<body>[\s\S]*?)```')) {
            if (& $isWorkflow $m.Groups['body'].Value) { $fixtures.Add([pscustomobject]@{ Where = 'README.md'; Yaml = $m.Groups['body'].Value }) }
        }

        # Each fixture's verdicts: the loader's error ids, and the schema's (null when the text is not one YAML document).
        foreach ($f in $fixtures) {
            $f | Add-Member LoaderErrors ([string[]]@(Get-LoaderErrorId $f.Yaml))
            $json = ConvertTo-WorkflowJson $f.Yaml
            $f | Add-Member Json $json
            $f | Add-Member SchemaValid $(if ($json) { Test-WorkflowSchema $json } else { $null })
        }

        # Problems only Test-Dag can see: the graph, scripts, files, pool, host and group names, transfer without a host or files, a secret named like a variable, and values in the right shape but out of range.
        $script:beyondSchema = 'DAG0003', 'DAG0005', 'DAG0007', 'DAG0014', 'DAG0017', 'DAG0021', 'DAG0027', 'DAG0028', 'DAG0033', 'DAG0041'
        # Problems the schema sees too: keys, shapes, types, enums, ids, run/file, required keys. Not DAG0004 (a
        # duplicate key is the YAML language server's own check, and JSON keeps one) nor DAG0008 (the schema checks
        # a duration's syntax, not that a timeout is longer than zero).
        $script:schemaLevel = 'DAG0002', 'DAG0006', 'DAG0009', 'DAG0010', 'DAG0011', 'DAG0012', 'DAG0013', 'DAG0015', 'DAG0016', 'DAG0018', 'DAG0019', 'DAG0022', 'DAG0029', 'DAG0040'
    }

    It 'finds the inline workflows of the tests (more than 150)' {
        $fixtures.Count | Should -BeGreaterThan 150
    }

    It 'accepts every workflow whose only problems, if any, are ones only Test-Dag can see' {
        $accepted = @($fixtures | Where-Object { $_.Json -and $_.LoaderErrors.Where({ $_ -notin $beyondSchema }).Count -eq 0 })
        $accepted.Count | Should -BeGreaterThan 100
        $rejected = @($accepted | Where-Object { -not $_.SchemaValid })
        $rejected | ForEach-Object { "$($_.Where): $($_.Json)" } | Should -BeNullOrEmpty
    }

    It 'rejects every workflow whose problems Test-Dag reports with a key, shape or enum error' {
        $flagged = @($fixtures | Where-Object { $_.Json -and $_.LoaderErrors.Where({ $_ -in $schemaLevel }).Count -gt 0 })
        $flagged.Count | Should -BeGreaterThan 30
        $missed = @($flagged | Where-Object SchemaValid)
        $missed | ForEach-Object { "$($_.Where) [$($_.LoaderErrors -join ',')]: $($_.Json)" } | Should -BeNullOrEmpty
    }
}

Describe 'The schema flags the mistakes an editor should show as you type' {
    It 'rejects <Mistake>, as Test-Dag does' -ForEach @(
        @{ Mistake = 'an unknown top-level key'; Yaml = "nodse:`n  a: { run: x }" }
        @{ Mistake = 'an unknown node key'; Yaml = "nodes:`n  a: { run: x, tiemout: 5m }" }
        @{ Mistake = 'both run and file'; Yaml = "nodes:`n  a: { run: x, file: a.ps1 }" }
        @{ Mistake = 'neither run nor file'; Yaml = "nodes:`n  a: { needs: b }`n  b: { run: x }" }
        @{ Mistake = 'an empty run'; Yaml = "nodes:`n  a: { run: '  ' }" }
        @{ Mistake = 'a duration without a unit'; Yaml = "nodes:`n  a: { run: x, timeout: 30 }" }
        @{ Mistake = 'a duration in words'; Yaml = "nodes:`n  a: { run: x, timeout: 5 minutes }" }
        @{ Mistake = 'units out of order'; Yaml = "nodes:`n  a: { run: x, timeout: 30s5m }" }
        @{ Mistake = 'an unknown when'; Yaml = "nodes:`n  a: { run: x, when: allways }" }
        @{ Mistake = 'an unknown mode'; Yaml = "mode: fast`nnodes:`n  a: { run: x }" }
        @{ Mistake = 'a parallelism of 0'; Yaml = "parallelism: 0`nnodes:`n  a: { run: x }" }
        @{ Mistake = 'retry: 0'; Yaml = "nodes:`n  a: { run: x, retry: 0 }" }
        @{ Mistake = 'a retry without attempts'; Yaml = "nodes:`n  a: { run: x, retry: { delay: 1s } }" }
        @{ Mistake = 'an unknown backoff'; Yaml = "nodes:`n  a: { run: x, retry: { attempts: 3, backoff: quadratic } }" }
        @{ Mistake = 'a quoted boolean'; Yaml = "nodes:`n  a: { run: x, continueOnError: 'yes' }" }
        @{ Mistake = 'a node id with a dot'; Yaml = "nodes:`n  build.all: { run: x }" }
        @{ Mistake = 'needs as a mapping'; Yaml = "nodes:`n  a: { run: x }`n  b: { run: x, needs: { a: 1 } }" }
        @{ Mistake = 'no nodes'; Yaml = "name: empty`nnodes: {}" }
        @{ Mistake = 'a pool capacity of 0'; Yaml = "pools: { db: 0 }`nnodes:`n  a: { run: x }" }
        @{ Mistake = 'a name with a slash'; Yaml = "name: a/b`nnodes:`n  a: { run: x }" }
        @{ Mistake = 'an unknown checkpoint setting'; Yaml = "checkpoint: { fsnyc: true }`nnodes:`n  a: { run: x }" }
        @{ Mistake = 'an unknown host key'; Yaml = "hosts: { web: { hostName: web1, user: me } }`nnodes:`n  a: { run: x, on: web }" }
        @{ Mistake = 'a host with hostName and computerName'; Yaml = "hosts: { web: { hostName: web1, computerName: web1 } }`nnodes:`n  a: { run: x, on: web }" }
        @{ Mistake = 'a host with neither hostName nor computerName'; Yaml = "hosts: { web: { userName: me } }`nnodes:`n  a: { run: x, on: web }" }
        @{ Mistake = 'a WinRM key on an SSH host'; Yaml = "hosts: { web: { hostName: web1, useSSL: true } }`nnodes:`n  a: { run: x, on: web }" }
        @{ Mistake = 'a port out of range'; Yaml = "hosts: { web: { hostName: web1, port: 70000 } }`nnodes:`n  a: { run: x, on: web }" }
        @{ Mistake = 'an empty on list'; Yaml = "hosts: { web: { hostName: web1 } }`nnodes:`n  a: { run: x, on: [] }" }
        @{ Mistake = 'a foreach mapping without items'; Yaml = "nodes:`n  a: { run: x, foreach: { key: `$Item } }" }
        @{ Mistake = 'an unknown key in a foreach mapping'; Yaml = "nodes:`n  a: { run: x, foreach: { items: [a], kye: `$Item } }" }
        @{ Mistake = 'an empty foreach key'; Yaml = "nodes:`n  a: { run: x, foreach: { items: [a], key: '' } }" }
    ) {
        (Get-LoaderErrorId $Yaml).Count | Should -BeGreaterThan 0 -Because 'Test-Dag rejects it'
        Test-WorkflowSchema (ConvertTo-WorkflowJson $Yaml) | Should -BeFalse
    }

    It 'accepts what Test-Dag accepts: any-case enums, durations of every form, typed scalars, empty optional values' {
        $yaml = @'
name: 2026
parallelism: High
mode: Sequential
timeout: 1h30m
defaults: { retry: { attempts: 2, delay: 0s, backoff: Exponential, maxDelay: 00:00:30, jitter: true }, timeout: 1.5s }
variables: { Count: 3, List: [a, b], Map: { x: 1 }, Empty: }
pools: { db: 1 }
checkpoint: { fsync: false }
hosts:
  web1: { hostName: web1.example.com, userName: deploy, keyFilePath: ~/.ssh/id_ed25519, port: 2222, options: { StrictHostKeyChecking: accept-new, ConnectTimeout: 5, ForwardAgent: false }, maxSessions: 2, connectTimeout: 10s }
  web-2.x: { computerName: web2, useSSL: true, configurationName: PowerShell.7, port: 5986, connectTimeout: }
  bare: { hostName: 10.0.0.5, userName:, subsystem: }
nodes:
  a: { run: 1, when: ALWAYS, priority: -5, pool: db, timeout: 500ms, description: 42, on: web1 }
  e: { run: x, on: [web1, web-2.x, bare] }
  k: { run: x, foreach: { items: [{ day: d1 }], key: $Item.day } }
  m: { run: x, foreach: { items: '1..3', key: true } }
  f: { run: x, on: }
  b: { run: true, needs: a, retry: 3, timeout: 2d, foreach: [1, 2], with: { N: 1 } }
  c: { file: c.ps1, needs: [a, b], when: notFailed, timeout: 1:00:00, fallback: "'fallback'", if: $true }
  d: { run: x, needs:, timeout:, retry:, foreach: $Needs.Values }
'@
        Set-Content (Join-Path $loaderDir 'c.ps1') '1'
        Get-LoaderErrorId $yaml | Should -BeNullOrEmpty
        Test-WorkflowSchema (ConvertTo-WorkflowJson $yaml) -ErrorVariable problems | Should -BeTrue -Because "$problems"
    }
}
