using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.Cognito;
using LogGroup = Amazon.CDK.AWS.Logs.LogGroup;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using Amazon.CDK.AWS.S3.Deployment;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The runs API (API Gateway REST → the Runs Lambda) behind a Cognito user-pool authorizer on every method, and
/// the config page served from its bucket. One CloudFront distribution fronts both, so the page and the API share
/// an origin (no CORS): <c>/</c> → the web bucket (origin access control), <c>/runs*</c> and <c>/config/*</c> →
/// the API stage. Sign-in is Cognito's hosted UI (authorization code + PKCE); the page reads
/// <c>/auth-config.json</c> to find it and sends the ID token as <c>Authorization</c>.
/// </summary>
public sealed class WebAndApi : Construct
{
    public const string ApiPathPattern = "/runs*";
    public const string ConfigPathPattern = "/config/*";

    public WebAndApi(Construct scope, string id, PropGradeStackSettings settings, Storage storage, AppFunctions functions)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(functions);

        UserPool = new UserPool(this, "Users", new UserPoolProps
        {
            SelfSignUpEnabled = false,
            SignInAliases = new SignInAliases { Email = true },
            Mfa = Mfa.OPTIONAL,
            MfaSecondFactor = new MfaSecondFactor { Otp = true, Sms = false },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            PasswordPolicy = new PasswordPolicy { MinLength = 12, RequireSymbols = false },
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        ApiAccessLogs = new LogGroup(this, "RunsApiAccessLogs", new LogGroupProps
        {
            Retention = AppFunctions.LogRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Api = new RestApi(this, "RunsApi", new RestApiProps
        {
            Description = "PropGrade runs API (contracts/runs-api.md).",
            EndpointTypes = [EndpointType.REGIONAL],
            DeployOptions = new StageOptions
            {
                StageName = "prod",
                TracingEnabled = true,
                ThrottlingRateLimit = 20,
                ThrottlingBurstLimit = 40,
                // One JSON line per request (request id, caller, route, status, latency); never a body or a token.
                AccessLogDestination = new LogGroupLogDestination(ApiAccessLogs),
                AccessLogFormat = AccessLogFormat.JsonWithStandardFields(new JsonWithStandardFieldProps
                {
                    Caller = false,
                    HttpMethod = true,
                    Ip = true,
                    Protocol = true,
                    RequestTime = true,
                    ResourcePath = true,
                    ResponseLength = true,
                    Status = true,
                    User = true,
                }),
            },
            DefaultMethodOptions = new MethodOptions
            {
                AuthorizationType = AuthorizationType.COGNITO,
                Authorizer = new CognitoUserPoolsAuthorizer(this, "Authorizer", new CognitoUserPoolsAuthorizerProps
                {
                    CognitoUserPools = [UserPool],
                }),
            },
        });
        var runsLambda = new LambdaIntegration(functions.RunsApi, new LambdaIntegrationOptions { Proxy = true });
        var runs = Api.Root.AddResource("runs");
        runs.AddMethod("GET", runsLambda);
        runs.AddMethod("POST", runsLambda);
        var run = runs.AddResource("{runId}");
        run.AddMethod("GET", runsLambda);
        run.AddResource("exports").AddMethod("GET", runsLambda);
        // Revision 2: the graded agents (server-side search/filter/sort/page), why one agent got its tier, the
        // per-market breakdown, and the estimate before a launch — all answered by the Runs Lambda.
        var agents = run.AddResource("agents");
        agents.AddMethod("GET", runsLambda);
        agents.AddResource("{advertiserId}").AddMethod("GET", runsLambda);
        run.AddResource("breakdown").AddMethod("GET", runsLambda);
        runs.AddResource("estimate").AddMethod("POST", runsLambda);
        Api.Root.AddResource("config").AddResource("defaults").AddMethod("GET", runsLambda);

        // Created before the distribution: the page's CSP names the hosted UI's origin (no cycle: the domain
        // depends on the pool and the stack id only; the client, which needs the site URL, comes after).
        Domain = UserPool.AddDomain("HostedUi", new UserPoolDomainOptions
        {
            CognitoDomain = new CognitoDomainOptions
            {
                // Unique per stack: the stack id's UUID tail.
                DomainPrefix = "propgrade-" + Fn.Select(4, Fn.Split("-", Fn.Select(2, Fn.Split("/", Stack.Of(this).StackId)))),
            },
        });
        PageHeaders = new ResponseHeadersPolicy(this, "PageHeaders", new ResponseHeadersPolicyProps
        {
            Comment = "PropGrade page: the local host's security headers; connect-src adds the Cognito hosted UI.",
            SecurityHeadersBehavior = SecurityHeaders(PageContentSecurityPolicy(Domain.BaseUrl())),
            CustomHeadersBehavior = PageCustomHeaders(),
        });
        ApiHeaders = new ResponseHeadersPolicy(this, "ApiHeaders", new ResponseHeadersPolicyProps
        {
            Comment = "PropGrade API: JSON only, never framed or rendered as a document.",
            SecurityHeadersBehavior = SecurityHeaders(ApiContentSecurityPolicy),
        });
        // The API must see the Authorization header and must never be cached: TTL 0, header in the key.
        var apiCachePolicy = new CachePolicy(this, "ApiNoCache", new CachePolicyProps
        {
            Comment = "PropGrade API: no caching; Authorization forwarded.",
            DefaultTtl = Duration.Seconds(0),
            MinTtl = Duration.Seconds(0),
            MaxTtl = Duration.Seconds(1),
            HeaderBehavior = CacheHeaderBehavior.AllowList("Authorization"),
            QueryStringBehavior = CacheQueryStringBehavior.All(),
            CookieBehavior = CacheCookieBehavior.None(),
        });
        var apiBehavior = new BehaviorOptions
        {
            Origin = new RestApiOrigin(Api),
            AllowedMethods = AllowedMethods.ALLOW_ALL,
            CachePolicy = apiCachePolicy,
            OriginRequestPolicy = OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            ViewerProtocolPolicy = ViewerProtocolPolicy.HTTPS_ONLY,
            ResponseHeadersPolicy = ApiHeaders,
        };
        Distribution = new Distribution(this, "Site", new DistributionProps
        {
            Comment = "PropGrade config page and runs API",
            DefaultRootObject = "index.html",
            MinimumProtocolVersion = SecurityPolicyProtocol.TLS_V1_2_2021,
            DefaultBehavior = new BehaviorOptions
            {
                Origin = S3BucketOrigin.WithOriginAccessControl(storage.WebBucket),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                CachePolicy = CachePolicy.CACHING_OPTIMIZED,
                ResponseHeadersPolicy = PageHeaders,
            },
            AdditionalBehaviors = new Dictionary<string, IBehaviorOptions>
            {
                [ApiPathPattern] = apiBehavior,
                [ConfigPathPattern] = apiBehavior,
            },
        });

        var siteUrl = "https://" + Distribution.DistributionDomainName + "/";
        Client = UserPool.AddClient("Page", new UserPoolClientOptions
        {
            GenerateSecret = false,
            AuthFlows = new AuthFlow { UserSrp = true },
            PreventUserExistenceErrors = true,
            IdTokenValidity = Duration.Hours(1),
            AccessTokenValidity = Duration.Hours(1),
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { AuthorizationCodeGrant = true },
                Scopes = [OAuthScope.OPENID, OAuthScope.EMAIL],
                CallbackUrls = [siteUrl],
                LogoutUrls = [siteUrl],
            },
        });

        _ = new BucketDeployment(this, "Page", new BucketDeploymentProps
        {
            DestinationBucket = storage.WebBucket,
            Sources =
            [
                Source.Asset(settings.WebAssetPath),
                Source.JsonData("auth-config.json", new Dictionary<string, object>
                {
                    ["region"] = Stack.Of(this).Region,
                    ["userPoolId"] = UserPool.UserPoolId,
                    ["clientId"] = Client.UserPoolClientId,
                    ["signInUrl"] = Domain.BaseUrl(),
                    ["redirectUri"] = siteUrl,
                }),
            ],
            Distribution = Distribution,
            DistributionPaths = ["/*"],
            // The page is ES modules loaded by name (app.js imports lib/*.js): without this a browser may keep
            // last deploy's module next to this deploy's index.html. no-cache = revalidate (ETag) on every load.
            CacheControl = [CacheControl.NoCache()],
            // The deployment's own Lambda logs here (with retention) instead of a never-expiring /aws/lambda group.
            LogGroup = new LogGroup(this, "PageDeploymentLogs", new LogGroupProps
            {
                Retention = AppFunctions.LogRetention,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
        });

        _ = new CfnOutput(this, "SiteUrl", new CfnOutputProps { Value = siteUrl, Description = "Open the config page here." });
        _ = new CfnOutput(this, "UserPoolIdOutput", new CfnOutputProps { Value = UserPool.UserPoolId, Description = "Add users here." });
    }

    /// <summary>CSP of the API's answers: JSON is never a document, so nothing may load and nothing may frame it.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The local host's policy (<c>PropGrade.Local.Web.SecurityHeaders</c>) with one difference: <c>connect-src</c>
    /// also allows the hosted UI's origin, where the page POSTs the sign-in code to <c>/oauth2/token</c>
    /// (the only cross-origin fetch of <c>app.js</c>; the hosted UI itself is reached by navigation, which CSP does
    /// not govern, and presigned export links are plain links).
    /// </summary>
    public static string PageContentSecurityPolicy(string hostedUiOrigin) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' " + hostedUiOrigin + "; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public UserPool UserPool { get; }

    /// <summary>The API stage's access log (JSON, retention set).</summary>
    public LogGroup ApiAccessLogs { get; }

    public ResponseHeadersPolicy PageHeaders { get; }

    public ResponseHeadersPolicy ApiHeaders { get; }

    public UserPoolClient Client { get; }

    public UserPoolDomain Domain { get; }

    public RestApi Api { get; }

    public Distribution Distribution { get; }

    private static ResponseSecurityHeadersBehavior SecurityHeaders(string contentSecurityPolicy) => new()
    {
        ContentSecurityPolicy = new ResponseHeadersContentSecurityPolicy { ContentSecurityPolicy = contentSecurityPolicy, Override = true },
        ContentTypeOptions = new ResponseHeadersContentTypeOptions { Override = true },
        FrameOptions = new ResponseHeadersFrameOptions { FrameOption = HeadersFrameOption.DENY, Override = true },
        ReferrerPolicy = new ResponseHeadersReferrerPolicy { ReferrerPolicy = HeadersReferrerPolicy.NO_REFERRER, Override = true },
        // HTTPS only on CloudFront (the local host is plain HTTP on loopback, so it has no HSTS).
        StrictTransportSecurity = new ResponseHeadersStrictTransportSecurity
        {
            AccessControlMaxAge = Duration.Days(365),
            IncludeSubdomains = false,
            Override = true,
        },
    };

    private static ResponseCustomHeadersBehavior PageCustomHeaders() => new()
    {
        CustomHeaders =
        [
            new ResponseCustomHeader { Header = "Cross-Origin-Opener-Policy", Value = "same-origin", Override = true },
            new ResponseCustomHeader { Header = "Permissions-Policy", Value = "camera=(), microphone=(), geolocation=()", Override = true },
        ],
    };
}
