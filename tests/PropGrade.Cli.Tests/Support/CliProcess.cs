using System.Diagnostics;
using System.Text;

namespace PropGrade.Cli.Tests.Support;

/// <summary>The built <c>propgrade</c> as a real child process (its own signal handlers), with stdout and stderr captured.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource _outClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process) => _process = process;

    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static CliProcess Start(params string[] args)
    {
        // Through `env --default-signal`: a test runner started as a background job of a non-interactive shell
        // inherits SIGINT/SIGQUIT as ignored (POSIX), and so would the CLI, which then could not be stopped by
        // SIGINT at all. The child starts as from a terminal, with every signal at its default.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "propgrade.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => Append(cli._out, e.Data, cli._outClosed);
        process.ErrorDataReceived += (_, e) => Append(cli._error, e.Data, cli._errorClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Sends <paramref name="signal"/> (<c>INT</c>, <c>TERM</c>) with kill(1), as a shell or a supervisor does.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the exit (and the end of its output); the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await Task.WhenAll(_outClosed.Task, _errorClosed.Task).WaitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Polls stdout until a line starts with <paramref name="prefix"/>; the rest of that line.</summary>
    public Task<string> WaitForLineAsync(string prefix, TimeSpan timeout) => WaitForLineAsync(() => Out, prefix, timeout);

    /// <summary>Polls stderr until a line starts with <paramref name="prefix"/>; the rest of that line.</summary>
    public Task<string> WaitForErrorLineAsync(string prefix, TimeSpan timeout) => WaitForLineAsync(() => Error, prefix, timeout);

    private async Task<string> WaitForLineAsync(Func<string> text, string prefix, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var line = text().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[prefix.Length..];
            }

            Assert.True(clock.Elapsed < timeout && !_process.HasExited, $"no line '{prefix}…' in {timeout}; stdout: {Out} stderr: {Error}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }
}
