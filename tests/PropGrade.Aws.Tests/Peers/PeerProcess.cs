using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PropGrade.Aws.Tests.Peers;

/// <summary>
/// A long-lived npm peer (s3rver, dynalite) on 127.0.0.1 and a free port, started for a test class and killed
/// (this process tree only) when disposed.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private PeerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="peer"/> with the arguments <paramref name="arguments"/> builds for a free port; waits until it accepts TCP.</summary>
    public static async Task<PeerProcess> StartAsync(string peer, Func<int, string[]> arguments, string workingDirectory)
    {
        var exe = RepoPaths.Peer(peer);
        var port = FreePort();
        var info = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments(port))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + exe);
        var peerProcess = new PeerProcess(process, port);
        process.OutputDataReceived += (_, e) => peerProcess.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peerProcess.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The signal is the peer's port accepting a connection; the deadline bounds the wait, not a clock reading.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!deadline.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{peer} exited ({process.ExitCode}): {peerProcess.Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return peerProcess;
            }
            catch (SocketException)
            {
                // Not listening yet (refused at once): the next attempt is another real connect, 50 ms on.
                await Task.Delay(50, CancellationToken.None);
            }
        }

        peerProcess.Dispose();
        throw new TimeoutException($"{peer} did not listen on 127.0.0.1:{port} within 20 s: {peerProcess.Output}");
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
