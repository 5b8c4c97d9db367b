namespace PropGrade.Core.Api;

/// <summary>
/// Resumes an unfinished run in the background (<c>POST /runs/{runId}/resume</c>): the local server implements it on
/// its launcher; a launcher without it answers 404 for the route. Throws <see cref="RunResumeConflictException"/> when
/// the run cannot be resumed here (created against another listing source, finished, executing already): 409.
/// </summary>
public interface IRunResumer
{
    /// <summary>True when the run was started again; false when there is no such run.</summary>
    Task<bool> ResumeAsync(string runId, CancellationToken cancellationToken);
}
