using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PropGrade.Core.Agents;
using PropGrade.Core.Estimates;
using PropGrade.Core.Explain;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// The runs API (<c>contracts/runs-api.md</c>), written once and hosted twice: by the local ASP.NET Core host of
/// <c>propgrade serve</c> and by the Runs Lambda behind API Gateway. It depends only on Core ports.
/// <list type="bullet">
/// <item><c>POST /runs[?concurrency=N]</c> → 202 <c>{"runId"}</c>; 400 <c>{"errors":[…]}</c> with every problem, nothing started.</item>
/// <item><c>GET /runs[?limit=N]</c> → <c>{"runs":[…]}</c>, newest first.</item>
/// <item><c>GET /runs/{runId}</c> → the run record; 404 when unknown.</item>
/// <item><c>POST /runs/{runId}/resume</c> → 202 when the launcher is an <see cref="IRunResumer"/> (the local server);
/// 409 when the run cannot be resumed here (created against another listing source: both are named), 404 when unknown.</item>
/// <item><c>GET /runs/{runId}/exports</c> → <c>{"exports":[{name,url,sizeBytes,expiresAt,downloadName}]}</c>.</item>
/// <item><c>GET /runs/{runId}/exports/{name}</c> → the file, when <see cref="RunsApiOptions.ServeExportFiles"/>.</item>
/// <item><c>GET /config/defaults</c> → the default RunRequest, plus <c>limits</c> and <c>marketPlaces</c> for the page.</item>
/// <item><c>GET /runs/{runId}/agents?tier=&amp;market=&amp;movement=&amp;incomplete=&amp;q=&amp;sort=&amp;page=&amp;pageSize=</c> →
/// <c>{"total","page","pageSize","sort","rows"}</c> (the run's agents index, <see cref="RunAgentsService"/>).</item>
/// <item><c>GET /runs/{runId}/agents/{advertiserId}</c> → why the agent got its tier (<see cref="AgentExplainer"/>).</item>
/// <item><c>GET /runs/{runId}/breakdown</c> → per market, and the top movers.</item>
/// <item><c>POST /runs/estimate</c> (RunRequest, validated as for a launch) → the run's expected size (<see cref="RunEstimator"/>).</item>
/// </list>
/// Every route, known or not, answers 401 without authentication. A body that is not UTF-8 JSON text answers 400
/// (field <c>$</c>). Unexpected failures answer 500 with a generic message (details go to the error callback only,
/// never to the caller).
/// </summary>
public sealed class RunsApi
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly IApiAuthenticator _authenticator;
    private readonly IRunRequestValidator _validator;
    private readonly IRunLauncher _launcher;
    private readonly IRunStore _runs;
    private readonly IExportStore _exports;
    private readonly IRunDefaultsProvider _defaults;
    private readonly RunsApiOptions _options;
    private readonly Action<Exception>? _onUnhandledException;
    private readonly RunAgentsService? _agents;
    private readonly AgentExplainer? _explainer;
    private readonly RunEstimator? _estimator;

    public RunsApi(
        IApiAuthenticator authenticator,
        IRunRequestValidator validator,
        IRunLauncher launcher,
        IRunStore runs,
        IExportStore exports,
        IRunDefaultsProvider defaults,
        RunsApiOptions? options = null,
        Action<Exception>? onUnhandledException = null,
        RunAgentsService? agents = null,
        AgentExplainer? explainer = null,
        RunEstimator? estimator = null)
    {
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _exports = exports ?? throw new ArgumentNullException(nameof(exports));
        _defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        _options = options ?? new RunsApiOptions();
        _options.Validate();
        _onUnhandledException = onUnhandledException;
        _agents = agents;
        _explainer = explainer;
        _estimator = estimator;
    }

    /// <summary>The largest accepted request body (<see cref="RunsApiOptions.MaxBodyBytes"/>): a host refuses a longer one before reading it.</summary>
    public int MaxBodyBytes => _options.MaxBodyBytes;

    /// <summary>
    /// Whether the request carries valid credentials, from its headers alone: a host asks this before it reads a body,
    /// and hands an unauthenticated request to <see cref="HandleAsync"/> without one (which answers 401).
    /// </summary>
    public ValueTask<bool> IsAuthenticatedAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _authenticator.IsAuthenticatedAsync(request, cancellationToken);
    }

    /// <summary>An error answer in the API's shape (<c>{"errors":[{"field","message"}]}</c>), for a host that refuses a request itself (413, 421).</summary>
    public static ApiResponse ErrorResponse(int status, string message) => Error(status, "", message);

    public async Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            if (!await _authenticator.IsAuthenticatedAsync(request, cancellationToken))
            {
                return Error(401, "", "Authentication required.", ("WWW-Authenticate", "Bearer"));
            }

            return await RouteAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The API boundary: anything unexpected becomes a 500 without details.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _onUnhandledException?.Invoke(ex);
            return Error(500, "", "Internal error.");
        }
    }

    private Task<ApiResponse> RouteAsync(ApiRequest request, CancellationToken ct)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.Method.ToUpperInvariant();
        switch (segments)
        {
            case ["config", "defaults"]:
                return method == "GET" ? GetDefaultsAsync(ct) : MethodNotAllowed("GET");
            case ["runs"]:
                return method switch
                {
                    "GET" => ListAsync(request, ct),
                    "POST" => LaunchAsync(request, ct),
                    _ => MethodNotAllowed("GET, POST"),
                };
            case ["runs", "estimate"] when _estimator is not null:
                return method == "POST" ? EstimateAsync(request, ct) : MethodNotAllowed("POST");
            case ["runs", var runId]:
                return method == "GET" ? GetRunAsync(runId, ct) : MethodNotAllowed("GET");
            case ["runs", var runId, "agents"] when _agents is not null:
                return method == "GET" ? GetAgentsAsync(runId, request, ct) : MethodNotAllowed("GET");
            case ["runs", var runId, "agents", var advertiserId] when _explainer is not null:
                return method == "GET" ? ExplainAsync(runId, advertiserId, ct) : MethodNotAllowed("GET");
            case ["runs", var runId, "breakdown"] when _agents is not null:
                return method == "GET" ? GetBreakdownAsync(runId, ct) : MethodNotAllowed("GET");
            case ["runs", var runId, "resume"] when _launcher is IRunResumer resumer:
                return method == "POST" ? ResumeAsync(resumer, runId, ct) : MethodNotAllowed("POST");
            case ["runs", var runId, "exports"]:
                return method == "GET" ? GetExportsAsync(runId, ct) : MethodNotAllowed("GET");
            case ["runs", var runId, "exports", var name] when _options.ServeExportFiles:
                return method == "GET" ? DownloadAsync(runId, name, ct) : MethodNotAllowed("GET");
            default:
                return Task.FromResult(Error(404, "", "No such route."));
        }
    }

    private async Task<ApiResponse> GetDefaultsAsync(CancellationToken ct)
    {
        var defaults = await _defaults.GetDefaultsAsync(ct);
        return new ApiResponse(200, BaseHeaders(JsonContentType), ConfigDefaultsBody.Serialize(defaults, _options));
    }

    private async Task<ApiResponse> ListAsync(ApiRequest request, CancellationToken ct)
    {
        var limit = _options.DefaultListLimit;
        if (request.Query.TryGetValue("limit", out var raw))
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > _options.MaxListLimit)
            {
                return Error(400, "limit", $"Must be a whole number from 1 to {_options.MaxListLimit}.");
            }
        }

        var records = await _runs.ListAsync(limit, ct);
        return Json(200, new RunListDto([.. records.Select(RunRecordDto.From)]), ApiJsonContext.Default.RunListDto);
    }

    /// <summary>The checks every request body goes through before it is parsed: 415, 413, 400 for unreadable JSON; null when it passes.</summary>
    private ApiResponse? BodyProblem(ApiRequest request)
    {
        var contentType = request.Header("Content-Type");
        if (contentType is not null && !IsJson(contentType))
        {
            return Error(415, "", "The body must be application/json.");
        }

        if (request.Body.Length > _options.MaxBodyBytes)
        {
            return Error(413, "", $"The body may be at most {_options.MaxBodyBytes} bytes.");
        }

        return JsonBodyCheck.Problems(request.Body.Span) is { Count: > 0 } unreadable
            ? Json(400, new ApiErrorBody(unreadable), ApiJsonContext.Default.ApiErrorBody)
            : null;
    }

    private async Task<ApiResponse> LaunchAsync(ApiRequest request, CancellationToken ct)
    {
        if (BodyProblem(request) is { } refused)
        {
            return refused;
        }

        var errors = new List<ApiFieldError>();
        int? concurrency = null;
        if (request.Query.TryGetValue("concurrency", out var rawConcurrency))
        {
            if (int.TryParse(rawConcurrency, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c >= 1 && c <= _options.MaxConcurrency)
            {
                concurrency = c;
            }
            else
            {
                errors.Add(new ApiFieldError("concurrency", $"Must be a whole number from 1 to {_options.MaxConcurrency}."));
            }
        }

        var validation = await _validator.ValidateAsync(request.Body, ct);
        errors.AddRange(validation.Errors);
        if (errors.Count > 0 || validation.Request is null)
        {
            if (errors.Count == 0)
            {
                errors.Add(new ApiFieldError("", "The request is not valid."));
            }

            return Json(400, new ApiErrorBody(errors), ApiJsonContext.Default.ApiErrorBody);
        }

        string runId;
        try
        {
            runId = await _launcher.LaunchAsync(validation.Request, new LaunchOptions(concurrency), ct);
        }
        catch (RunLaunchRejectedException rejected)
        {
            return Json(400, new ApiErrorBody(rejected.Errors), ApiJsonContext.Default.ApiErrorBody);
        }
        catch (RunLaunchConflictException conflict)
        {
            // One active run per API key: refused, nothing stored; the holder is named so the page can link to it.
            return Json(409, new RunConflictDto([new ApiFieldError("", conflict.Message)], conflict.HolderRunId), ApiJsonContext.Default.RunConflictDto);
        }

        return Json(202, new LaunchedDto(runId), ApiJsonContext.Default.LaunchedDto, ("Location", "/runs/" + Uri.EscapeDataString(runId)));
    }

    private async Task<ApiResponse> EstimateAsync(ApiRequest request, CancellationToken ct)
    {
        if (BodyProblem(request) is { } refused)
        {
            return refused;
        }

        var validation = await _validator.ValidateAsync(request.Body, ct);
        if (validation.Errors.Count > 0 || validation.Request is null)
        {
            return Json(400, new ApiErrorBody(validation.Errors.Count > 0 ? validation.Errors : [new ApiFieldError("", "The request is not valid.")]), ApiJsonContext.Default.ApiErrorBody);
        }

        var estimate = await _estimator!.EstimateAsync(validation.Request, ct);
        return Json(200, estimate, ApiJsonContext.Default.RunEstimate);
    }

    private async Task<ApiResponse> GetAgentsAsync(string runId, ApiRequest request, CancellationToken ct)
    {
        var access = IsSafeName(runId) ? await _agents!.OpenAsync(runId, ct) : null;
        if (access is null)
        {
            return RunNotFound();
        }

        var (query, problems) = AgentQueryParser.Parse(request.Query);
        var errors = problems.Select(p => new ApiFieldError(p.Field, p.Message)).ToList();
        var tiers = RunAgentsService.TierNames(access.Run);
        if (request.Query.TryGetValue("tier", out var rawTier) && rawTier.Trim() is { Length: > 0 } tier && !tiers.Contains(tier, StringComparer.Ordinal))
        {
            errors.Add(new ApiFieldError("tier", $"The run has no tier '{tier}'; its tiers are {string.Join(", ", tiers)}."));
        }

        if (errors.Count > 0 || query is null)
        {
            return Json(400, new ApiErrorBody(errors), ApiJsonContext.Default.ApiErrorBody);
        }

        if (access.Reader is null)
        {
            return Error(409, "runId", access.Refusal ?? "The run's agents cannot be listed.");
        }

        var rows = await access.Reader.QueryAsync(query, ct);
        return Json(200, new AgentRowsDto(rows.Total, query.Page, query.PageSize, (query.Descending ? "-" : "") + query.Sort, rows.Rows), ApiJsonContext.Default.AgentRowsDto);
    }

    private async Task<ApiResponse> GetBreakdownAsync(string runId, CancellationToken ct)
    {
        var access = IsSafeName(runId) ? await _agents!.OpenAsync(runId, ct) : null;
        if (access is null)
        {
            return RunNotFound();
        }

        return access.Reader is null
            ? Error(409, "runId", access.Refusal ?? "The run's agents cannot be listed.")
            : Json(200, await access.Reader.BreakdownAsync(ct), ApiJsonContext.Default.RunBreakdown);
    }

    private async Task<ApiResponse> ExplainAsync(string runId, string advertiserId, CancellationToken ct)
    {
        if (!IsSafeName(runId))
        {
            return RunNotFound();
        }

        if (!IsSafeName(advertiserId))
        {
            return Error(404, "advertiserId", "No agent with this id in the run.");
        }

        var result = await _explainer!.ExplainAsync(runId, advertiserId, ct);
        return result.Status switch
        {
            ExplainStatus.Explained => Json(200, result.Explanation!, ApiJsonContext.Default.AgentExplanation),
            ExplainStatus.NoSuchRun => RunNotFound(),
            ExplainStatus.NoSuchAgent => Error(404, "advertiserId", result.Message ?? "No agent with this id in the run."),
            _ => Error(409, "runId", result.Message ?? "The run cannot be explained."),
        };
    }

    private static async Task<ApiResponse> ResumeAsync(IRunResumer resumer, string runId, CancellationToken ct)
    {
        try
        {
            return IsSafeName(runId) && await resumer.ResumeAsync(runId, ct)
                ? Json(202, new LaunchedDto(runId), ApiJsonContext.Default.LaunchedDto, ("Location", "/runs/" + Uri.EscapeDataString(runId)))
                : RunNotFound();
        }
        catch (RunResumeConflictException conflict)
        {
            return Error(409, conflict.Field, conflict.Message);
        }
    }

    private async Task<ApiResponse> GetRunAsync(string runId, CancellationToken ct)
    {
        var record = IsSafeName(runId) ? await _runs.GetAsync(runId, ct) : null;
        return record is null
            ? RunNotFound()
            : Json(200, RunRecordDto.From(record), ApiJsonContext.Default.RunRecordDto);
    }

    private async Task<ApiResponse> GetExportsAsync(string runId, CancellationToken ct)
    {
        var record = IsSafeName(runId) ? await _runs.GetAsync(runId, ct) : null;
        if (record is null)
        {
            return RunNotFound();
        }

        var links = await _exports.GetLinksAsync(runId, name => ExportNames.DownloadName(record, name), ct);
        if (_options.ServeExportFiles)
        {
            links = [.. links.Select(l => l with
            {
                Url = $"/runs/{Uri.EscapeDataString(runId)}/exports/{Uri.EscapeDataString(l.Name)}",
                ExpiresAt = null,
            })];
        }

        return Json(200, new ExportListDto(links), ApiJsonContext.Default.ExportListDto);
    }

    private async Task<ApiResponse> DownloadAsync(string runId, string name, CancellationToken ct)
    {
        if (!IsSafeName(runId) || !IsSafeName(name))
        {
            return Error(404, "", "No such export.");
        }

        var record = await _runs.GetAsync(runId, ct);
        var stream = await _exports.OpenReadAsync(runId, name, ct);
        if (stream is null)
        {
            return Error(404, "", "No such export.");
        }

        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            var headers = BaseHeaders(ContentTypeOf(name));
            // The download name after the run (propgrade-{name or date}-graded.xlsx); the stored name when the record is gone.
            headers["Content-Disposition"] = $"attachment; filename=\"{(record is null ? name : ExportNames.DownloadName(record, name))}\"";
            return new ApiResponse(200, headers, buffer.ToArray());
        }
    }

    /// <summary>Run ids and export names: letters, digits, <c>.</c> <c>_</c> <c>-</c>, not starting with a dot (no traversal, no separators).</summary>
    internal static bool IsSafeName(string value) =>
        value.Length is > 0 and <= 128
        && value[0] != '.'
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".CSV" => "text/csv; charset=utf-8",
        ".JSON" => JsonContentType,
        ".XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };

    private static ApiResponse RunNotFound() => Error(404, "runId", "No run with this id.");

    private static Task<ApiResponse> MethodNotAllowed(string allow) =>
        Task.FromResult(Error(405, "", "Method not allowed.", ("Allow", allow)));

    private static ApiResponse Error(int status, string field, string message, params (string Name, string Value)[] extraHeaders) =>
        Json(status, new ApiErrorBody([new ApiFieldError(field, message)]), ApiJsonContext.Default.ApiErrorBody, extraHeaders);

    private static ApiResponse Json<T>(int status, T body, JsonTypeInfo<T> typeInfo, params (string Name, string Value)[] extraHeaders)
    {
        var headers = BaseHeaders(JsonContentType);
        foreach (var (name, value) in extraHeaders)
        {
            headers[name] = value;
        }

        return new ApiResponse(status, headers, JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
    }

    private static Dictionary<string, string> BaseHeaders(string contentType) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Type"] = contentType,
        ["Cache-Control"] = "no-store",
        ["X-Content-Type-Options"] = "nosniff",
    };
}
