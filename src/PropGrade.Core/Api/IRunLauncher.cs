using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// Starts a validated run. Locally: submit to the local engine and execute in the background. On AWS: write the
/// batch record and <c>request.json</c>, whose arrival starts the workflow. Returns the new run id as soon as the run
/// is recorded (QUEUED), never waiting for it to finish.
/// </summary>
public interface IRunLauncher
{
    Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken);
}
