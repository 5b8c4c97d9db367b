namespace PropGrade.Core.Secrets;

/// <summary>
/// Where the listing API key comes from: an environment variable locally, Secrets Manager (through the Lambda
/// extension) on AWS. The key is fetched when needed and never written to logs, state input or raw records.
/// </summary>
public interface IApiKeyProvider
{
    ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken);
}
