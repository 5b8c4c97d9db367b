using PropGrade.Core.Api;

namespace PropGrade.Web.Tests;

/// <summary>A <see cref="ScriptedServer"/> whose API accepts a concurrency of at most 3 (the page must read that, not assume 64).</summary>
public sealed class NarrowLimitsServer() : ScriptedServer(new RunsApiOptions { ServeExportFiles = true, MaxConcurrency = MaxConcurrency })
{
    public const int MaxConcurrency = 3;
}
