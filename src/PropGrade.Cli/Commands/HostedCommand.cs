using System.Globalization;

namespace PropGrade.Cli.Commands;

/// <summary>
/// What the long-running commands (<c>serve</c>, <c>simulate</c>) share: flag parsing that collects problems instead
/// of throwing, and serving until Ctrl+C.
/// </summary>
internal static class HostedCommand
{
    /// <summary>Parses an invariant integer flag; on failure adds "<paramref name="name"/>: '…' is not an integer" and returns 0.</summary>
    public static int Int(string? text, string name, List<string> problems)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{name}: '{text}' is not an integer");
        return 0;
    }

    /// <summary>Parses an invariant finite number flag; on failure adds "<paramref name="name"/>: '…' is not a number" and returns 0.</summary>
    public static double Double(string? text, string name, List<string> problems)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        problems.Add($"{name}: '{text}' is not a number");
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="validate"/> (unless a problem already names <paramref name="name"/>); an
    /// <see cref="ArgumentException"/> it throws becomes "<paramref name="name"/>: message".
    /// </summary>
    public static void Check(string name, List<string> problems, Action validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        if (problems.Any(p => p.StartsWith(name + ":", StringComparison.Ordinal)))
        {
            return;
        }

        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            problems.Add($"{name}: {e.Message}");
        }
    }

    /// <summary>Waits until <paramref name="ct"/> fires (Ctrl+C), then returns exit code 0: a clean stop.</summary>
    public static async Task<int> RunUntilCanceledAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop cleanly.
        }

        return 0;
    }
}
