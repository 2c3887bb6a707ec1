# A helper module the etl-report example imports with 'modules:'.
function Measure-Rows {
    param([Parameter(Mandatory)] [object[]] $Rows)
    [pscustomobject]@{ Count = $Rows.Count; Total = ($Rows | Measure-Object -Property Amount -Sum).Sum }
}

Export-ModuleMember -Function Measure-Rows
