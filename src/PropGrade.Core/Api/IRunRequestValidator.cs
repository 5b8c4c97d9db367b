namespace PropGrade.Core.Api;

/// <summary>
/// Parses and validates a RunRequest JSON body (every rule of <c>contracts/runs-api.md</c>, unknown fields rejected,
/// omitted fields defaulted). The API starts nothing unless this returns a request and no errors.
/// </summary>
public interface IRunRequestValidator
{
    ValueTask<RunRequestValidation> ValidateAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken);
}
