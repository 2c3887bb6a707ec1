using System.Linq;
using DagRunner.Engine.Results;

namespace DagRunner.Engine.Secrets
{
    /// <summary>Masks a finished node's result in place, before the checkpoint stores it and any sink or dependent sees it.</summary>
    internal static class MaskedResults
    {
        /// <summary>
        /// Masks the output, the error and each attempt's error of <paramref name="result"/>. Returns true when the
        /// output held a secret: what dependents get in <c>$Needs</c>, the checkpoint stores and a resume restores is
        /// then the masked output, and the caller warns about it, naming the node (never the value).
        /// </summary>
        public static bool Mask(NodeResult result, SecretMasker masker)
        {
            if (masker.IsEmpty)
            {
                return false;
            }

            result.Error = MaskedValues.Error(result.Error, masker);
            if (result.AttemptRecords.Any(a => masker.Contains(a.Error)))
            {
                result.AttemptRecords = result.AttemptRecords
                    .Select(a => new NodeAttemptRecord(a.Attempt, a.IsFallback, a.StartTime, a.EndTime, a.Outcome, masker.ApplyOrNull(a.Error), a.Worker))
                    .ToArray();
            }

            bool outputMasked = false;
            object?[]? masked = null;
            for (int i = 0; i < result.Output.Length; i++)
            {
                var value = MaskedValues.Output(result.Output[i], masker);
                if (!ReferenceEquals(value, result.Output[i]))
                {
                    masked ??= (object?[])result.Output.Clone();
                    masked[i] = value;
                    outputMasked = true;
                }
            }

            if (masked != null)
            {
                result.Output = masked;
            }

            return outputMasked;
        }

        /// <summary>The warning for a node whose output held a secret.</summary>
        public static string OutputWarning(string node)
            => $"The output of node '{node}' contains the value of a secret. It is masked as {SecretMasker.Mask}: dependents' $Needs, the result, the checkpoint and a resumed run get the masked output. Read the secret variable in the node that needs it instead of passing it on.";
    }
}
