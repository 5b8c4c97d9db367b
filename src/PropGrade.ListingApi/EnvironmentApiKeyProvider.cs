using PropGrade.Core.Secrets;

namespace PropGrade.ListingApi;

/// <summary>Reads the listing API key from an environment variable (the local shape; AWS reads Secrets Manager).</summary>
public sealed class EnvironmentApiKeyProvider : IApiKeyProvider
{
    /// <summary>The variable the CLI reads by default.</summary>
    public const string DefaultVariableName = "PROPGRADE_API_KEY";

    private readonly string _variableName;

    public EnvironmentApiKeyProvider(string variableName = DefaultVariableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        _variableName = variableName;
    }

    public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken)
    {
        var key = Environment.GetEnvironmentVariable(_variableName);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                $"No listing API key: the environment variable {_variableName} is not set. " +
                $"Set it to your RapidAPI key (for the built-in simulator, the key it prints at start).");
        }

        return ValueTask.FromResult(key.Trim());
    }
}
