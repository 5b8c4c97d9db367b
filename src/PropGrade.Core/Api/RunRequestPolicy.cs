using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// The API's validation and defaults over Core's <see cref="RunRequestParser"/> (the same rules the CLI applies):
/// <see cref="RunDefaults"/> come from the runtime (today's UTC date, the listing source's markets) on every call,
/// so a long-running server never validates against a stale "today".
/// </summary>
public sealed class RunRequestPolicy(Func<CancellationToken, Task<RunDefaults>> getDefaults) : IRunRequestValidator, IRunDefaultsProvider
{
    private readonly Func<CancellationToken, Task<RunDefaults>> _getDefaults = getDefaults ?? throw new ArgumentNullException(nameof(getDefaults));

    public async ValueTask<RunRequestValidation> ValidateAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var defaults = await _getDefaults(cancellationToken);
        var result = json.IsEmpty
            ? new RunRequestParseResult(null, [new FieldError("$", "the body must be a RunRequest JSON object.")])
            : RunRequestParser.Parse(json.Span, defaults);
        return new RunRequestValidation(
            result.IsValid ? result.Request : null,
            [.. result.Errors.Select(e => new ApiFieldError(e.Field, e.Message))]);
    }

    /// <summary>The same defaults <see cref="ValidateAsync"/> validates against (asked for again on every call).</summary>
    public Task<RunDefaults> GetDefaultsAsync(CancellationToken cancellationToken) => _getDefaults(cancellationToken);

    public async Task<RunRequest> GetDefaultRequestAsync(CancellationToken cancellationToken) =>
        (await _getDefaults(cancellationToken)).CreateDefaultRequest();
}
