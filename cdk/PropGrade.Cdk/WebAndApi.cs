using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.Cognito;
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

        Api = new RestApi(this, "RunsApi", new RestApiProps
        {
            Description = "PropGrade runs API (contracts/runs-api.md).",
            EndpointTypes = [EndpointType.REGIONAL],
            DeployOptions = new StageOptions { StageName = "prod", TracingEnabled = true, ThrottlingRateLimit = 20, ThrottlingBurstLimit = 40 },
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
        Api.Root.AddResource("config").AddResource("defaults").AddMethod("GET", runsLambda);

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
            },
            AdditionalBehaviors = new Dictionary<string, IBehaviorOptions>
            {
                [ApiPathPattern] = apiBehavior,
                [ConfigPathPattern] = apiBehavior,
            },
        });

        var siteUrl = "https://" + Distribution.DistributionDomainName + "/";
        Domain = UserPool.AddDomain("HostedUi", new UserPoolDomainOptions
        {
            CognitoDomain = new CognitoDomainOptions
            {
                // Unique per stack: the stack id's UUID tail.
                DomainPrefix = "propgrade-" + Fn.Select(4, Fn.Split("-", Fn.Select(2, Fn.Split("/", Stack.Of(this).StackId)))),
            },
        });
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
        });

        _ = new CfnOutput(this, "SiteUrl", new CfnOutputProps { Value = siteUrl, Description = "Open the config page here." });
        _ = new CfnOutput(this, "UserPoolIdOutput", new CfnOutputProps { Value = UserPool.UserPoolId, Description = "Add users here." });
    }

    public UserPool UserPool { get; }

    public UserPoolClient Client { get; }

    public UserPoolDomain Domain { get; }

    public RestApi Api { get; }

    public Distribution Distribution { get; }
}
