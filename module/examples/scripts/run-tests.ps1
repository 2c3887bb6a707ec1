# Called by the `test` node of build-test-package.dag.yaml; `with:` binds these parameters.
param(
    [string] $Filter = '*',
    [int] $Count = 10
)

Write-Host "Running $Count tests matching '$Filter' against $($Needs.compile.Assembly)"
Start-Sleep -Milliseconds 300
[pscustomobject]@{ Passed = $Count; Failed = 0 }
