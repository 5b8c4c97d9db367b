using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PropGrade.Functions;

/// <summary>
/// <c>dotnet PropGrade.Functions.dll --cold-start</c>: a fresh process that loads a handler class, runs its init and
/// answers one request (API Gateway event without authorizer claims → 401, no network), then prints the times.
/// Lambda never calls this entry point; eng/test.sh does, to print the cold-start figure.
/// </summary>
internal static class ColdStartProbe
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["--cold-start"])
        {
            await Console.Error.WriteLineAsync("usage: dotnet PropGrade.Functions.dll --cold-start");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        foreach (var (name, value) in new[]
                 {
                     ("PROPGRADE_RAW_BUCKET", "raw"), ("PROPGRADE_WORK_BUCKET", "work"), ("PROPGRADE_EXPORTS_BUCKET", "exports"),
                     ("PROPGRADE_RUNS_TABLE", "runs"), ("AWS_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "probe"), ("AWS_SECRET_ACCESS_KEY", "probe"),
                 })
        {
            Environment.SetEnvironmentVariable(name, Environment.GetEnvironmentVariable(name) ?? value);
        }

        var function = new RunsApiFunction();
        var initMs = clock.Elapsed.TotalMilliseconds;
        await using var response = await function.Handler(new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"httpMethod\":\"GET\",\"path\":\"/runs\",\"headers\":{},\"requestContext\":{\"stage\":\"prod\"}}")));
        var firstResponseMs = clock.Elapsed.TotalMilliseconds;
        using var reader = new StreamReader(response);
        var body = await reader.ReadToEndAsync();
        var sinceProcessStart = (TimeProvider.System.GetUtcNow() - new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime())).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold start: handler init {initMs:F0} ms, first response {firstResponseMs:F0} ms after Main, {sinceProcessStart:F0} ms after process start; status {(body.Contains("\"statusCode\":401", StringComparison.Ordinal) ? "401 as expected" : "UNEXPECTED " + body)}"));
        return body.Contains("\"statusCode\":401", StringComparison.Ordinal) ? 0 : 1;
    }
}
