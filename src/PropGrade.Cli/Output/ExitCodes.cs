using PropGrade.Core.Runs;

namespace PropGrade.Cli.Output;

/// <summary>
/// The contract's exit codes: 0 succeeded, 3 partial, 2 bad input (nothing run), 1 failure; and, as shells report a
/// process stopped by a signal, 130 after SIGINT / Ctrl+C and 143 after SIGTERM (the run is left resumable).
/// </summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Partial = 3;

    /// <summary>Stopped by SIGINT or Ctrl+C (128 + 2).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15).</summary>
    public const int Terminated = 143;

    public static int For(RunStatus status) => status switch
    {
        RunStatus.Succeeded => Succeeded,
        RunStatus.Partial => Partial,
        RunStatus.Rejected => BadInput,
        _ => Failure,
    };
}
