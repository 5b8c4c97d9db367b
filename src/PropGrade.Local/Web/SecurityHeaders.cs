using Microsoft.AspNetCore.Http;

namespace PropGrade.Local.Web;

/// <summary>
/// Headers on every answer of the local host, page and API alike: a content security policy that allows only this
/// origin's own files (no inline script or style, no framing), no MIME sniffing, no referrer.
/// The S3-hosted page on AWS gets the same set from its distribution (the AWS helper).
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }
}
