#Requires -Version 7.4
<#
.SYNOPSIS
    What placing one remote attempt on a host of a group costs (HostPlacement), for groups of 10 to 50,000 hosts.
.DESCRIPTION
    Times the placement structure alone, with no session and no scheduler: a group of H hosts of 4 sessions each,
    half of all sessions taken at random to begin with, then N rounds of "place one attempt, release a random one"
    (the released session kept idle half of the time, so both orders of the free-host set are exercised). The loop is
    C#, compiled into an assembly named DagRunner.Bench (the engine lets that name see its internal types), so the
    figure is the structure's and not PowerShell's. Prints one row per group size: nanoseconds per place+release,
    and that figure divided by log2(H), which stays about flat when the cost grows as O(log hosts).
    Needs a built module (./build.ps1 Build): it loads out/module/DagRunner/Dependencies/DagRunner.Engine.dll.
.EXAMPLE
    dotnet pwsh ./bench/Placement.ps1
#>
[CmdletBinding()]
param(
    [int[]] $Hosts = @(10, 100, 1000, 10000, 50000),
    [int] $Rounds = 2000000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot -Parent
$engine = Join-Path $root 'out/module/DagRunner/Dependencies/DagRunner.Engine.dll'
if (-not (Test-Path $engine)) { throw "No built engine at ${engine}: run ./build.ps1 Build first." }
Add-Type -Path $engine

$source = @'
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using DagRunner.Engine.Execution.Remote;

namespace DagRunner.Bench
{
    public static class PlacementBench
    {
        /// <summary>Nanoseconds per place + release in a group of <paramref name="hostCount"/> hosts of 4 sessions.</summary>
        public static double Run(int hostCount, int rounds)
        {
            var names = Enumerable.Range(0, hostCount).Select(i => "h" + i).ToArray();
            var placement = new HostPlacement(
                names.Select(n => new KeyValuePair<string, int>(n, 4)),
                new[] { new KeyValuePair<string, IReadOnlyList<string>>("all", names) });
            var random = new Random(18);
            var held = new List<HostLease>();
            for (int i = 0; i < hostCount * 2; i++)
            {
                held.Add(placement.AcquireInGroupAsync("all", CancellationToken.None).Result);
            }

            // Warm up, then time.
            Cycle(placement, held, random, rounds / 10);
            var watch = Stopwatch.StartNew();
            Cycle(placement, held, random, rounds);
            watch.Stop();
            return watch.Elapsed.TotalMilliseconds * 1e6 / rounds;
        }

        private static void Cycle(HostPlacement placement, List<HostLease> held, Random random, int rounds)
        {
            for (int i = 0; i < rounds; i++)
            {
                held.Add(placement.AcquireInGroupAsync("all", CancellationToken.None).Result);
                int index = random.Next(held.Count);
                var lease = held[index];
                held[index] = held[held.Count - 1];
                held.RemoveAt(held.Count - 1);
                placement.Release(lease, keptSession: (i & 1) == 0);
            }
        }
    }
}
'@
# Compiled with PowerShell's own Roslyn under the assembly name the engine lets see its internals (Add-Type would
# give the assembly a random name).
Add-Type -Path (Join-Path $PSHOME 'Microsoft.CodeAnalysis.dll'), (Join-Path $PSHOME 'Microsoft.CodeAnalysis.CSharp.dll')
$null = [Reflection.Assembly]::Load('netstandard')
$references = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location } |
    ForEach-Object { [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile($_.Location) }
$compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create(
    'DagRunner.Bench',
    [Microsoft.CodeAnalysis.SyntaxTree[]]@([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($source)),
    [Microsoft.CodeAnalysis.MetadataReference[]]@($references),
    [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary).WithOptimizationLevel([Microsoft.CodeAnalysis.OptimizationLevel]::Release))
$image = [IO.MemoryStream]::new()
$emitted = $compilation.Emit($image)
if (-not $emitted.Success) { throw "The bench does not compile: $($emitted.Diagnostics -join "`n")" }
$null = [Reflection.Assembly]::Load($image.ToArray())
$load = (Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ' | Select-Object -First 3
Write-Host "Placement cost, $Rounds rounds per size; $([Environment]::ProcessorCount) processors; load average $($load -join ' ') before"
foreach ($h in $Hosts) {
    $ns = [DagRunner.Bench.PlacementBench]::Run($h, $Rounds)
    [pscustomobject]@{
        Hosts          = $h
        NsPerPlacement = [math]::Round($ns, 0)
        NsPerLog2Hosts = [math]::Round($ns / [math]::Log($h, 2), 1)
    }
}
