using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using PropGrade.Aws.Storage;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions.Tests.Harness;

/// <summary>
/// The real handler classes behind HTTP on 127.0.0.1 for the aws-local-stepfunctions harness:
/// <c>POST /invoke/{state}</c> runs the state's handler (an unhandled exception answers 500 with its short type
/// name, as Lambda reports it) and <c>GET /object?key=</c> reads the work bucket (the harness's ItemReader).
/// Every payload in and out is kept so tests can check that no secret travels in state.
/// </summary>
internal sealed class HandlerHost : IDisposable
{
    private readonly Func<FunctionHost> newContainer;
    private readonly ConcurrentBag<Container> idle = [];
    private readonly ConcurrentBag<FunctionHost> extraHosts = [];
    private readonly FunctionHost host;
    private readonly LoopbackHttpServer server;

    /// <param name="host">The first container's host (and the one reading objects for the harness).</param>
    /// <param name="newContainer">
    /// Another container's host, built when every container is busy: as on Lambda, a container runs one invocation at a
    /// time (its own listing client and limiter, its own metrics window), and concurrent invocations get containers of
    /// their own. Null: every invocation shares <paramref name="host"/>.
    /// </param>
    public HandlerHost(FunctionHost host, Func<string, Exception?>? injectFailure = null, Func<FunctionHost>? newContainer = null)
    {
        this.host = host;
        this.newContainer = newContainer ?? (() => host);
        idle.Add(new Container(host));
        InjectFailure = injectFailure;
        server = new LoopbackHttpServer(HandleAsync, concurrent: true);
    }

    public Uri Url => server.Url;

    /// <summary>Per state name and request body: an exception to throw instead of running the handler.</summary>
    public Func<string, Exception?>? InjectFailure { get; set; }

    public ConcurrentQueue<(string State, string Input, string Output)> Payloads { get; } = new();

    /// <summary>Every invocation's state and wall time (the handler's own, as Lambda would bill it).</summary>
    public ConcurrentQueue<(string State, TimeSpan Duration, long Started)> Invocations { get; } = new();

    /// <summary>How many containers the invocations needed at once.</summary>
    public int Containers => 1 + extraHosts.Count;

    public void Dispose()
    {
        server.Dispose();
        foreach (var extra in extraHosts)
        {
            extra.Dispose();
        }
    }

    private Container Take()
    {
        if (idle.TryTake(out var container))
        {
            return container;
        }

        var created = newContainer();
        if (!ReferenceEquals(created, host))
        {
            extraHosts.Add(created);
        }

        return new Container(created);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        int status;
        byte[] body;
        try
        {
            if (path.StartsWith("/invoke/", StringComparison.Ordinal))
            {
                var state = path["/invoke/".Length..];
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var input = await reader.ReadToEndAsync();
                try
                {
                    if (InjectFailure?.Invoke(state + " " + input) is { } injected)
                    {
                        throw injected;
                    }

                    var container = Take();
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await using var output = await container.Handlers[state](new MemoryStream(Encoding.UTF8.GetBytes(input)));
                        using var copy = new MemoryStream();
                        await output.CopyToAsync(copy);
                        body = copy.ToArray();
                        status = 200;
                    }
                    finally
                    {
                        Invocations.Enqueue((state, Stopwatch.GetElapsedTime(started), started));
                        idle.Add(container);
                    }

                    Payloads.Enqueue((state, input, Encoding.UTF8.GetString(body)));
                }
                catch (Exception e)
                {
                    status = 500;
                    body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["errorType"] = e.GetType().Name, ["errorMessage"] = e.Message });
                    Payloads.Enqueue((state, input, Encoding.UTF8.GetString(body)));
                }
            }
            else if (path == "/object")
            {
                var key = context.Request.QueryString["key"]!;
                body = await new S3ObjectClient(host.S3, host.Settings.WorkBucket).GetBytesAsync(key, CancellationToken.None) ?? "null"u8.ToArray();
                status = 200;
            }
            else
            {
                status = 404;
                body = [];
            }
        }
        catch (Exception e)
        {
            status = 500;
            body = Encoding.UTF8.GetBytes(e.ToString());
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    /// <summary>One Lambda container's handlers over its own host.</summary>
    private sealed class Container(FunctionHost host)
    {
        public Dictionary<string, Func<Stream, Task<Stream>>> Handlers { get; } = new(StringComparer.Ordinal)
        {
            ["StartRun"] = new StartRunFunction(host).Handler,
            ["DiscoverMarket"] = new DiscoverMarketFunction(host).Handler,
            ["FinishDiscovery"] = new FinishDiscoveryFunction(host).Handler,
            ["GradeBatch"] = new GradeBatchFunction(host).Handler,
            ["RecordBatchFailure"] = new RecordBatchFailureFunction(host).Handler,
            ["Aggregate"] = new AggregateFunction(host).Handler,
            ["MarkRunFailed"] = new RunFailedFunction(host).Handler,
        };
    }
}
