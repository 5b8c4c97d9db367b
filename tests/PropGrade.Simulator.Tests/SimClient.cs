using System.Net.Http.Headers;
using System.Text.Json;

namespace PropGrade.Simulator.Tests;

/// <summary>A raw HTTP client for a running simulator, with the RapidAPI headers set.</summary>
internal sealed class SimClient : IDisposable
{
    public SimClient(SimulatorHost host, string? key = null)
    {
        Host = host;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        Http.DefaultRequestHeaders.Add("X-RapidAPI-Key", key ?? host.Options.ApiKey);
        Http.DefaultRequestHeaders.Add("X-RapidAPI-Host", host.Options.Host);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public SimulatorHost Host { get; }

    public HttpClient Http { get; }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return ((int)response.StatusCode, doc.RootElement.Clone(), response);
    }

    public async Task<JsonElement> GetOkAsync(string url)
    {
        var (status, body, _) = await GetJsonAsync(url);
        Assert.True(status == 200, $"GET {url} -> {status}: {body}");
        return body;
    }

    public async Task<byte[]> GetBytesAsync(string url) => await Http.GetByteArrayAsync(url);

    public void Dispose() => Http.Dispose();
}
