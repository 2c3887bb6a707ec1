# A script file fails: the error points at the line in this file that threw.
Add-Content markers/scripted.txt ran
Write-Host 'scripted: checking the marker'
if (-not (Test-Path markers/fixed)) { throw 'script says: not fixed yet' }
