# Called by the deploy-* nodes of ops-rollout.dag.yaml. Simulates a deployment to one server.
param(
    [Parameter(Mandatory)] [string] $Server
)

Write-Host "Deploying $Release to $Server (ticket $($Needs.preflight.Ticket))"
Start-Sleep -Milliseconds (200 + 100 * [int]$Server.Substring($Server.Length - 1))
if ($Server -eq $BrokenServer) {
    throw "Deployment to $Server failed: service did not start"
}
[pscustomobject]@{ Server = $Server; Version = $Release }
