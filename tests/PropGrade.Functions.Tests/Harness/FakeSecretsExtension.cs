using System.Net;
using System.Text;
using System.Text.Json;
using PropGrade.Aws.Tests.Peers;

namespace PropGrade.Functions.Tests.Harness;

/// <summary>A stand-in of the Parameters and Secrets extension on 127.0.0.1: 401 unless the session token header matches.</summary>
internal sealed class FakeSecretsExtension : IDisposable
{
    private readonly string token;
    private readonly string secret;
    private readonly LoopbackHttpServer server;
    private int requests;

    public FakeSecretsExtension(string token, string secret)
    {
        this.token = token;
        this.secret = secret;
        server = new LoopbackHttpServer(HandleAsync);
    }

    public Uri Url => server.Url;

    public int Requests => Volatile.Read(ref requests);

    public void Dispose() => server.Dispose();

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref requests);
        var ok = context.Request.Headers["X-Aws-Parameters-Secrets-Token"] == token;
        context.Response.StatusCode = ok ? 200 : 401;
        var body = ok ? JsonSerializer.Serialize(new Dictionary<string, string> { ["SecretString"] = secret }) : "{}";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
        context.Response.Close();
    }
}
