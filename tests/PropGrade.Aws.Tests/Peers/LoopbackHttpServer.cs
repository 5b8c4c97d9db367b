using System.Net;

namespace PropGrade.Aws.Tests.Peers;

/// <summary>
/// An HTTP stand-in on 127.0.0.1 and a free port: every request goes to <c>handle</c>, one at a time, or each on
/// its own task when <c>concurrent</c>. Disposing stops listening and waits briefly for the accept loop.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerContext, Task> handle;
    private readonly bool concurrent;
    private readonly Task loop;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle, bool concurrent = false)
    {
        this.handle = handle;
        this.concurrent = concurrent;
        Url = new Uri($"http://127.0.0.1:{PeerProcess.FreePort()}/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // listener closed
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            if (concurrent)
            {
                _ = Task.Run(() => handle(context));
            }
            else
            {
                await handle(context);
            }
        }
    }
}
