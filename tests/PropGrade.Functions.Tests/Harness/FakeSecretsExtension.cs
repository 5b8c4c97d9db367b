using System.Net;
using System.Text;
using System.Text.Json;
using PropGrade.Aws.Tests.Peers;

namespace PropGrade.Functions.Tests.Harness;

/// <summary>A stand-in of the Parameters and Secrets extension on 127.0.0.1: 401 unless the session token header matches.</summary>
internal sealed class FakeSecretsExtension : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string token;
    private readonly string secret;
    private readonly Task loop;
    private int requests;

    public FakeSecretsExtension(string token, string secret)
    {
        this.token = token;
        this.secret = secret;
        Url = new Uri($"http://127.0.0.1:{PeerProcess.FreePort()}/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref requests);

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // closed
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

            Interlocked.Increment(ref requests);
            var ok = context.Request.Headers["X-Aws-Parameters-Secrets-Token"] == token;
            context.Response.StatusCode = ok ? 200 : 401;
            var body = ok ? JsonSerializer.Serialize(new Dictionary<string, string> { ["SecretString"] = secret }) : "{}";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        }
    }
}
