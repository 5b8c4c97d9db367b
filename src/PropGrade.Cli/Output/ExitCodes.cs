using PropGrade.Core.Runs;

namespace PropGrade.Cli.Output;

/// <summary>The contract's exit codes: 0 succeeded, 3 partial, 2 bad input (nothing run), 1 failure.</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Partial = 3;

    public static int For(RunStatus status) => status switch
    {
        RunStatus.Succeeded => Succeeded,
        RunStatus.Partial => Partial,
        RunStatus.Rejected => BadInput,
        _ => Failure,
    };
}
