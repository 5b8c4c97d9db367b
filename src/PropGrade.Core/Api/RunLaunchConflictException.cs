namespace PropGrade.Core.Api;

/// <summary>
/// Thrown by an <see cref="IRunLauncher"/> that refuses a launch because another run holds the API key (one active run
/// per key). The API answers 409 with the message and <see cref="HolderRunId"/>; nothing is stored or started.
/// </summary>
public sealed class RunLaunchConflictException(string message, string? holderRunId) : Exception(message)
{
    public string? HolderRunId { get; } = holderRunId;
}
