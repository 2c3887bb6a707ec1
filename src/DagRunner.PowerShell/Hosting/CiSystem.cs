using System;

namespace DagRunner.PowerShell.Hosting
{
    /// <summary>The CI system a run is in, as its own environment variables say; what <c>-CI</c> adds to the job log depends on it.</summary>
    internal enum CiSystemKind
    {
        /// <summary>Not a CI system DagRunner knows: <c>-CI</c> only sets the exit code and the plain output.</summary>
        None,

        /// <summary><c>GITHUB_ACTIONS=true</c>: workflow commands (<c>::error</c>, <c>::group::</c>) and the job summary.</summary>
        GitHubActions,

        /// <summary><c>TF_BUILD=True</c>: logging commands (<c>##vso[task.logissue]</c>, <c>##[group]</c>).</summary>
        AzurePipelines,
    }

    /// <summary>
    /// Reads the CI system from the environment. The reader is a parameter so tests can pretend to be any system
    /// without changing the test process's own environment.
    /// </summary>
    internal sealed class CiSystem
    {
        private CiSystem(CiSystemKind kind, string? sourceRoot, string? stepSummaryPath)
        {
            Kind = kind;
            SourceRoot = sourceRoot;
            StepSummaryPath = stepSummaryPath;
        }

        public CiSystemKind Kind { get; }

        /// <summary>The checkout folder (GITHUB_WORKSPACE, BUILD_SOURCESDIRECTORY): annotation paths are relative to it.</summary>
        public string? SourceRoot { get; }

        /// <summary>GitHub's GITHUB_STEP_SUMMARY: the Markdown file the job summary is appended to; null elsewhere.</summary>
        public string? StepSummaryPath { get; }

        public static CiSystem Detect(Func<string, string?> environment)
        {
            if (string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
            {
                return new CiSystem(CiSystemKind.GitHubActions, NullIfEmpty(environment("GITHUB_WORKSPACE")), NullIfEmpty(environment("GITHUB_STEP_SUMMARY")));
            }

            if (string.Equals(environment("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
            {
                return new CiSystem(CiSystemKind.AzurePipelines, NullIfEmpty(environment("BUILD_SOURCESDIRECTORY")), null);
            }

            return new CiSystem(CiSystemKind.None, null, null);
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
