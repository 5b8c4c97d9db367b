using System.Globalization;
using PropGrade.Local.Orchestration;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PropGrade.Cli.Output;

/// <summary>
/// Shows a run's progress: a live panel on a terminal (phase, agents done, calls, 429s, ETA), plain lines every few
/// seconds otherwise. Thread-safe: the orchestrator reports from its workers.
/// </summary>
internal sealed class ProgressRenderer(CliContext context)
{
    public async Task<T> RunAsync<T>(Func<IProgress<RunProgress>, Task<T>> work)
    {
        if (context.Terminal is not { } terminal)
        {
            return await work(new PlainProgress(context.Error, context.PlainProgressInterval));
        }

        T result = default!;
        await terminal.Live(new Markup("[grey]starting...[/]")).AutoClear(false).StartAsync(async live =>
        {
            var gate = new Lock();
            result = await work(new InlineProgress(p =>
            {
                lock (gate)
                {
                    live.UpdateTarget(Render(p));
                    live.Refresh();
                }
            }));
        });
        return result;
    }

    internal static string Line(RunProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"[{p.Phase}] {p.AgentsDone:N0}/{p.AgentsTotal:N0} agents ({p.AgentsIncomplete:N0} incomplete, {p.AgentsSkipped:N0} skipped), {p.ApiCalls:N0} calls, {p.Throttled:N0} x 429, elapsed {p.Elapsed:hh\\:mm\\:ss}, ETA {(p.Eta is { } eta ? eta.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture) : "-")}");

    private static IRenderable Render(RunProgress p)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Run {Markup.Escape(p.RunId)}").HideHeaders();
        table.AddColumn("what");
        table.AddColumn("value");
        var fraction = p.AgentsTotal == 0 ? 0 : (double)p.AgentsDone / p.AgentsTotal;
        var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
        table.AddRow("stage", Markup.Escape(p.Phase));
        table.AddRow("agents", $"{bar} {p.AgentsDone:N0}/{p.AgentsTotal:N0}");
        table.AddRow("incomplete / skipped", $"{p.AgentsIncomplete:N0} / {p.AgentsSkipped:N0}");
        table.AddRow("API calls", $"{p.ApiCalls:N0}");
        table.AddRow("429s", $"{p.Throttled:N0}");
        table.AddRow("elapsed", p.Elapsed.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture));
        table.AddRow("ETA", p.Eta is { } eta ? eta.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture) : "-");
        return table;
    }

    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    private sealed class PlainProgress(TextWriter error, TimeSpan interval) : IProgress<RunProgress>
    {
        private readonly Lock _gate = new();
        private string? _phase;
        private long _last = long.MinValue;

        public void Report(RunProgress value)
        {
            lock (_gate)
            {
                var now = Environment.TickCount64;
                if (value.Phase == _phase && _last != long.MinValue && now - _last < (long)interval.TotalMilliseconds)
                {
                    return;
                }

                _phase = value.Phase;
                _last = now;
                error.WriteLine(Line(value));
            }
        }
    }
}
