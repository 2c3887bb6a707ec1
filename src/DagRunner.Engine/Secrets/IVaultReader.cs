namespace DagRunner.Engine.Secrets
{
    /// <summary>Reads a secret from a vault (SecretManagement's <c>Get-Secret</c>); the front end that can run PowerShell implements it.</summary>
    internal interface IVaultReader
    {
        /// <summary>The secret's value as text, or null when there is none; <paramref name="failure"/> says why when the lookup failed.</summary>
        string? Read(string name, out string? failure);
    }
}
