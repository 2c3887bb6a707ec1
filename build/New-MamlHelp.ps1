#Requires -Version 7.4
<#
.SYNOPSIS
    Writes the MAML help of the module's cmdlets from the Markdown sources in module/help.
.DESCRIPTION
    The text comes from one Markdown file per cmdlet (module/help/<Cmdlet>.md) plus
    module/help/SharedParameters.md for parameters that several cmdlets have. Everything else comes from the
    built cmdlets themselves (Get-Command on the imported module): parameter sets, types, positions, mandatory,
    pipeline input, aliases, enum values. So the syntax in Get-Help never drifts from the code.

    A cmdlet file has these sections (order free, names fixed):
        # <Cmdlet-Name>
        ## SYNOPSIS           one paragraph
        ## DESCRIPTION        paragraphs, lists, fenced code
        ## PARAMETERS         ### -Name, then its text; an optional line "Default value: x"
        ## EXAMPLES           ### Example N: title, a fenced powershell block, then the explanation
        ## INPUTS / OUTPUTS   ### Type.Name, then its text (or a paragraph such as "None.")
        ## NOTES              paragraphs
        ## RELATED LINKS      a list: - [Get-DagPlan](Get-DagPlan.md), - [about_DagRunner]()
    A parameter section in the cmdlet's file wins over the same section in SharedParameters.md.

    Every problem is reported at once and the script exits 1: an exported cmdlet without a file, a file without
    a cmdlet, a missing synopsis or description, fewer than two examples, a parameter without text, a documented
    parameter the cmdlet does not have, an unknown section, a shared parameter no cmdlet has.
    Run it in a child pwsh: it imports the module it documents.
.EXAMPLE
    pwsh -NoProfile -File build/New-MamlHelp.ps1 -Manifest ./DagRunner.psd1 -Source ./module/help -Destination ./out/module/DagRunner/en-US/DagRunner.PowerShell.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$sharedFileName = 'SharedParameters.md'
$knownSections = 'SYNOPSIS', 'DESCRIPTION', 'PARAMETERS', 'EXAMPLES', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'
$problems = [System.Collections.Generic.List[string]]::new()

#region Markdown
# A Markdown file as sections: @{ Title; Sections = @{ NAME = @{ Lines; Subsections = [ordered]@{ heading = lines } } } }.
function Read-HelpMarkdown([string] $Path) {
    $doc = @{ Title = $null; Sections = [ordered]@{}; Path = $Path }
    $section = $null; $sub = $null; $inFence = $false
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^# (.+)$') { $doc.Title = $Matches[1].Trim(); continue }
        if (-not $inFence -and $line -match '^## (.+)$') {
            $name = $Matches[1].Trim().ToUpperInvariant()
            if ($name -notin $knownSections) { $problems.Add("${Path}: unknown section '## $($Matches[1])'; use $($knownSections -join ', ').") }
            $section = @{ Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [ordered]@{} }
            $doc.Sections[$name] = $section; $sub = $null
            continue
        }
        if (-not $inFence -and $line -match '^### (.+)$' -and $section) {
            $sub = [System.Collections.Generic.List[string]]::new()
            $section.Subsections[$Matches[1].Trim()] = $sub
            continue
        }
        if ($null -ne $sub) { $sub.Add($line) } elseif ($null -ne $section) { $section.Lines.Add($line) }
    }
    $doc
}

# Lines of Markdown as blocks of plain text: a paragraph, a list item, or a fenced code block. Line breaks are
# kept (Get-Help shows them; a paragraph joined into one line would be cut mid-word at the console's width).
# `code` keeps its backticks, as in Microsoft's own help; **bold** loses its marks, [text](url) keeps the text.
function ConvertTo-Block([string[]] $Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null; $fence = $null
    foreach ($line in @($Lines) + '') {
        if ($null -ne $fence) {
            if ($line -match '^\s*```') { $blocks.Add([pscustomobject]@{ Kind = 'Code'; Text = ($fence -join "`n") }); $fence = $null }
            else { $fence.Add($line) }
            continue
        }
        $fenceStart = $line -match '^\s*```'
        $item = $line -match '^\s*([-*]|\d+\.)\s+(.*)$'
        if ($current -and ($fenceStart -or $item -or $line.Trim() -eq '')) { $blocks.Add($current); $current = $null }
        if ($fenceStart) { $fence = [System.Collections.Generic.List[string]]::new() }
        elseif ($item) { $current = [pscustomobject]@{ Kind = 'Item'; Text = "$(if ($Matches[1] -match '\d') { $Matches[1] } else { '-' }) $($Matches[2].Trim())" } }
        elseif ($line.Trim() -eq '') { }
        elseif ($current) { $current.Text += "`n" + $(if ($current.Kind -eq 'Item') { '  ' }) + $line.Trim() }
        else { $current = [pscustomobject]@{ Kind = 'Para'; Text = $line.Trim() } }
    }
    if ($null -ne $fence) { throw "A fenced code block is not closed: $($fence[0])" }
    foreach ($block in $blocks) {
        if ($block.Kind -ne 'Code') {
            $block.Text = $block.Text -replace '\[([^\]]+)\]\([^)]*\)', '$1' -replace '\*\*([^*]+)\*\*', '$1'
        }
    }
    $blocks.ToArray()
}

function Get-Text([object[]] $Blocks) { ($Blocks | ForEach-Object Text) -join "`n" }
#endregion

#region Metadata
function Get-TypeDisplayName([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
    $Type.Name
}

function Get-ElementType([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return $underlying }
    $Type
}

# The parameters of one set as Get-Help lists them: positional ones by position, then mandatory, then the rest.
function Get-SetParameter([System.Management.Automation.CommandParameterSetInfo] $Set) {
    $parameters = @($Set.Parameters | Where-Object Name -NotIn $commonParameters)
    $positional = @($parameters | Where-Object Position -GE 0 | Sort-Object Position)
    $mandatory = @($parameters | Where-Object { $_.Position -lt 0 -and $_.IsMandatory -and $_.Name -notin 'WhatIf', 'Confirm' })
    $rest = @($parameters | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory -and $_.Name -notin 'WhatIf', 'Confirm' })
    $risk = @($parameters | Where-Object Name -In 'WhatIf', 'Confirm')
    $positional + $mandatory + $rest + $risk
}

function Get-PipelineInput($Parameter) {
    $kinds = @(if ($Parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($Parameter.ValueFromPipeline) { 'ByValue' })
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

# One value per set, or "value (Set), other (Set2)" when the sets disagree.
function Join-PerSet([object[]] $Entries) {
    $distinct = @($Entries | ForEach-Object Value | Select-Object -Unique)
    if ($distinct.Count -eq 1) { return "$($distinct[0])" }
    ($Entries | Group-Object Value | ForEach-Object { "$($_.Name) ($(@($_.Group.Set) -join ', '))" }) -join ', '
}
#endregion

#region MAML
$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Write-Paras([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Element, [object[]] $Blocks) {
    $Writer.WriteStartElement($Prefix, $Element, $ns[$Prefix])
    foreach ($block in $Blocks) { $Writer.WriteElementString('maml', 'para', $ns.maml, $block.Text) }
    $Writer.WriteEndElement()
}

function Write-TypeElement([System.Xml.XmlWriter] $Writer, [string] $Name) {
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Name)
    $Writer.WriteElementString('maml', 'uri', $ns.maml, '')
    $Writer.WriteEndElement()
}

function Write-ParameterElement([System.Xml.XmlWriter] $Writer, $Parameter, [hashtable] $Attributes, [object[]] $Blocks, [string] $DefaultValue) {
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    foreach ($name in 'required', 'variableLength', 'globbing', 'pipelineInput', 'position', 'aliases') {
        $Writer.WriteAttributeString($name, $Attributes[$name])
    }
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    if ($Blocks) { Write-Paras $Writer 'maml' 'description' $Blocks }
    $type = Get-ElementType $Parameter.ParameterType
    if ($Parameter.ParameterType -ne [switch]) {
        if ($type.IsEnum) {
            $Writer.WriteStartElement('command', 'parameterValueGroup', $ns.command)
            foreach ($value in [enum]::GetNames($type)) {
                $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
                $Writer.WriteAttributeString('required', 'false'); $Writer.WriteAttributeString('variableLength', 'false')
                $Writer.WriteString($value); $Writer.WriteEndElement()
            }
            $Writer.WriteEndElement()
        }
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', [string]$Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Get-TypeDisplayName $Parameter.ParameterType)); $Writer.WriteEndElement()
    }
    Write-TypeElement $Writer ($(if ($Parameter.ParameterType -eq [switch]) { 'SwitchParameter' } else { $type.FullName }))
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, $(if ($DefaultValue) { $DefaultValue } elseif ($Parameter.ParameterType -eq [switch]) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

function Get-ParameterAttribute($Command, [string] $Name) {
    $entries = foreach ($set in $Command.ParameterSets) {
        $p = $set.Parameters | Where-Object Name -EQ $Name
        if ($p) { [pscustomobject]@{ Set = $set.Name; Parameter = $p } }
    }
    $first = $entries[0].Parameter
    $wildcards = [bool]($Command.Parameters[$Name].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    @{
        # Get-Help shows only 'true' or 'false' here: true when the parameter is mandatory in every set that has it.
        required       = (@($entries | Where-Object { -not $_.Parameter.IsMandatory }).Count -eq 0).ToString().ToLowerInvariant()
        position       = Join-PerSet @($entries | ForEach-Object { [pscustomobject]@{ Set = $_.Set; Value = $(if ($_.Parameter.Position -ge 0) { $_.Parameter.Position } else { 'named' }) } })
        pipelineInput  = Join-PerSet @($entries | ForEach-Object { [pscustomobject]@{ Set = $_.Set; Value = Get-PipelineInput $_.Parameter } })
        aliases        = $(if ($first.Aliases.Count) { $first.Aliases -join ', ' } else { 'none' })
        globbing       = $wildcards.ToString().ToLowerInvariant()
        variableLength = 'true'
    }
}
#endregion

#region Read and check
Import-Module $Manifest -Force
$module = Get-Module (Split-Path $Manifest -LeafBase)
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
if (-not $commands) { throw "The module '$Manifest' exports no cmdlets: is it built?" }

$sharedPath = Join-Path $Source $sharedFileName
$shared = if (Test-Path $sharedPath) { (Read-HelpMarkdown $sharedPath).Sections['PARAMETERS'].Subsections } else { [ordered]@{} }
$sharedUsed = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)

$files = @(Get-ChildItem $Source -Filter *.md | Where-Object Name -NE $sharedFileName)
foreach ($file in $files) {
    if ($file.BaseName -notin $commands.Name) { $problems.Add("$($file.FullName): no exported cmdlet is named '$($file.BaseName)'. Rename or remove the file.") }
}

$help = foreach ($command in $commands) {
    $path = Join-Path $Source "$($command.Name).md"
    if (-not (Test-Path $path)) { $problems.Add("$($command.Name) has no help: write $path (copy another cmdlet's file as a start)."); continue }
    $doc = Read-HelpMarkdown $path
    $where = "${path}:"
    if ($doc.Title -ne $command.Name) { $problems.Add("$where the title must be '# $($command.Name)', not '# $($doc.Title)'.") }
    $section = { param($name) if ($doc.Sections.Contains($name)) { $doc.Sections[$name] } }

    # One line: Get-Help shows synopses in lists, such as Get-Help *Dag*.
    $synopsis = if (& $section 'SYNOPSIS') { @(ConvertTo-Block (& $section 'SYNOPSIS').Lines | ForEach-Object { $_.Text = $_.Text -replace '\s*\n\s*', ' '; $_ }) } else { @() }
    $description = if (& $section 'DESCRIPTION') { @(ConvertTo-Block (& $section 'DESCRIPTION').Lines) } else { @() }
    if (-not $synopsis) { $problems.Add("$where ## SYNOPSIS is missing or empty.") }
    if (-not $description) { $problems.Add("$where ## DESCRIPTION is missing or empty.") }

    # Parameters: the cmdlet's own text, else the shared text; both must exist on the cmdlet.
    $own = if (& $section 'PARAMETERS') { (& $section 'PARAMETERS').Subsections } else { [ordered]@{} }
    # In the order of the syntax: every set's positional and mandatory parameters first, then the others.
    $inSets = @($command.ParameterSets | Sort-Object { -not $_.IsDefault } | ForEach-Object { Get-SetParameter $_ })
    $names = @(@($inSets | Where-Object { $_.Position -ge 0 -or $_.IsMandatory }) + $inSets | ForEach-Object Name | Select-Object -Unique)
    foreach ($heading in $own.Keys) {
        if ($heading -notmatch '^-(\w+)$' -or $Matches[1] -notin $names) { $problems.Add("$where '### $heading' is not a parameter of $($command.Name) (parameters: $($names -join ', ')).") }
    }
    $parameters = foreach ($name in $names) {
        $lines = if ($own.Contains("-$name")) { $own["-$name"] } elseif ($shared.Contains("-$name")) { [void]$sharedUsed.Add("-$name"); $shared["-$name"] }
        $default = $null
        if ($lines) {
            $default = ($lines | Where-Object { $_ -match '^Default value:\s*(.+)$' } | ForEach-Object { $Matches[1].Trim() } | Select-Object -First 1)
            $lines = @($lines | Where-Object { $_ -notmatch '^Default value:' })
        }
        $blocks = if ($lines) { @(ConvertTo-Block $lines) } else { @() }
        if (-not $blocks) { $problems.Add("$where parameter -$name has no text: add '### -$name' here or to $sharedFileName.") }
        [pscustomobject]@{ Name = $name; Blocks = $blocks; Default = $default }
    }

    $examples = if (& $section 'EXAMPLES') {
        foreach ($title in (& $section 'EXAMPLES').Subsections.Keys) {
            $blocks = @(ConvertTo-Block (& $section 'EXAMPLES').Subsections[$title])
            $code = $blocks | Where-Object Kind -EQ 'Code' | Select-Object -First 1
            $remarks = @($blocks | Where-Object { -not [object]::ReferenceEquals($_, $code) })
            if (-not $code) { $problems.Add("$where '### $title' has no fenced code block.") }
            if (-not $remarks) { $problems.Add("$where '### $title' does not explain what the example does.") }
            [pscustomobject]@{ Title = $title; Code = $(if ($code) { $code.Text } else { '' }); Remarks = $remarks }
        }
    }
    if (@($examples).Count -lt 2) { $problems.Add("$where ## EXAMPLES needs at least two '### Example N: ...' sections, found $(@($examples).Count).") }

    $typed = {
        param($name)
        $s = & $section $name
        if (-not $s) { return }
        if ($s.Subsections.Count) { foreach ($t in $s.Subsections.Keys) { [pscustomobject]@{ Type = $t; Blocks = @(ConvertTo-Block $s.Subsections[$t]) } } }
        else { $b = @(ConvertTo-Block $s.Lines); if ($b) { [pscustomobject]@{ Type = (Get-Text $b[0]).TrimEnd('.'); Blocks = @($b | Select-Object -Skip 1) } } }
    }
    $outputs = @(& $typed 'OUTPUTS')
    if (-not $outputs) { $outputs = @($command.OutputType | ForEach-Object { [pscustomobject]@{ Type = $_.Name; Blocks = @() } }) }
    $links = if (& $section 'RELATED LINKS') {
        foreach ($block in @(ConvertTo-Block (& $section 'RELATED LINKS').Lines)) {
            $text = $block.Text -replace '^[-\d.]+\s*', ''
            $uri = ((& $section 'RELATED LINKS').Lines | Where-Object { $_ -match "\[$([regex]::Escape($text))\]\((https?://[^)]+)\)" } | ForEach-Object { $Matches[1] } | Select-Object -First 1)
            [pscustomobject]@{ Text = $text; Uri = "$uri" }
        }
    }

    [pscustomobject]@{
        Command     = $command
        Synopsis    = $synopsis
        Description = $description
        Parameters  = $parameters
        Examples    = @($examples)
        Inputs      = @(& $typed 'INPUTS')
        Outputs     = $outputs
        Notes       = $(if (& $section 'NOTES') { @(ConvertTo-Block (& $section 'NOTES').Lines) } else { @() })
        Links       = @($links)
    }
}

foreach ($heading in $shared.Keys) {
    if (-not $sharedUsed.Contains($heading)) { $problems.Add("${sharedPath}: '### $heading' is used by no cmdlet (every cmdlet that has it documents it itself, or none has it).") }
}

if ($problems.Count) {
    $problems | ForEach-Object { [Console]::Error.WriteLine("help: $_") }
    [Console]::Error.WriteLine("help: $($problems.Count) problem(s) in $Source; no help was written.")
    exit 1
}
#endregion

#region Write
New-Item -ItemType Directory -Force (Split-Path $Destination) | Out-Null
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($Destination, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($item in $help) {
        $command = $item.Command
        $writer.WriteStartElement('command', 'command', $ns.command)
        foreach ($prefix in 'maml', 'command', 'dev') { $writer.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }

        $writer.WriteStartElement('command', 'details', $ns.command)
        $writer.WriteElementString('command', 'name', $ns.command, $command.Name)
        $writer.WriteElementString('command', 'verb', $ns.command, $command.Verb)
        $writer.WriteElementString('command', 'noun', $ns.command, $command.Noun)
        Write-Paras $writer 'maml' 'description' $item.Synopsis
        $writer.WriteEndElement()
        Write-Paras $writer 'maml' 'description' $item.Description

        $writer.WriteStartElement('command', 'syntax', $ns.command)
        $sets = @($command.ParameterSets | Sort-Object { -not $_.IsDefault })
        foreach ($set in $sets) {
            $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
            $writer.WriteElementString('maml', 'name', $ns.maml, $command.Name)
            foreach ($p in Get-SetParameter $set) {
                $attributes = @{
                    required = $p.IsMandatory.ToString().ToLowerInvariant(); variableLength = 'true'; globbing = 'false'
                    pipelineInput = Get-PipelineInput $p; position = $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' })
                    aliases = $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' })
                }
                Write-ParameterElement $writer $p $attributes @() $null
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $item.Parameters) {
            Write-ParameterElement $writer $command.Parameters[$p.Name] (Get-ParameterAttribute $command $p.Name) $p.Blocks $p.Default
        }
        $writer.WriteEndElement()

        foreach ($kind in @(@{ List = 'inputTypes'; One = 'inputType'; Items = $item.Inputs }, @{ List = 'returnValues'; One = 'returnValue'; Items = $item.Outputs })) {
            $writer.WriteStartElement('command', $kind.List, $ns.command)
            foreach ($entry in $kind.Items) {
                $writer.WriteStartElement('command', $kind.One, $ns.command)
                Write-TypeElement $writer $entry.Type
                Write-Paras $writer 'maml' 'description' $entry.Blocks
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }

        if ($item.Notes) {
            $writer.WriteStartElement('maml', 'alertSet', $ns.maml)
            Write-Paras $writer 'maml' 'alert' $item.Notes
            $writer.WriteEndElement()
        }

        $writer.WriteStartElement('command', 'examples', $ns.command)
        foreach ($example in $item.Examples) {
            $writer.WriteStartElement('command', 'example', $ns.command)
            $writer.WriteElementString('maml', 'title', $ns.maml, "--------- $($example.Title) ---------")
            $writer.WriteElementString('dev', 'code', $ns.dev, $example.Code)
            Write-Paras $writer 'dev' 'remarks' (@($example.Remarks) + [pscustomobject]@{ Text = '' })  # a blank line before the next example
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
        foreach ($link in $item.Links) {
            $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $writer.WriteElementString('maml', 'linkText', $ns.maml, $link.Text)
            $writer.WriteElementString('maml', 'uri', $ns.maml, $link.Uri)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }
Write-Host "help: $($help.Count) cmdlets documented in $Destination"
#endregion
