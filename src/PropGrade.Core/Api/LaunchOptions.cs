namespace PropGrade.Core.Api;

/// <summary>
/// How to execute a run, as opposed to what to grade (<see cref="Runs.RunRequest"/>, which rejects unknown fields).
/// Carried on <c>POST /runs?concurrency=N</c>; none of it changes the grades.
/// </summary>
/// <param name="Concurrency">Agents in flight at once; null = the runtime's configured default.</param>
public sealed record LaunchOptions(int? Concurrency)
{
    public static LaunchOptions Default { get; } = new(Concurrency: null);
}
