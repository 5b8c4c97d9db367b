using Microsoft.AspNetCore.Http;

namespace PropGrade.Local.Web;

/// <summary>
/// The Host headers <c>propgrade serve</c> answers: <c>127.0.0.1</c>, <c>localhost</c> or <c>[::1]</c>, with the port the
/// connection arrived on (a Host without a port only on port 80). Anything else is a page on another origin reaching
/// this server through DNS rebinding, or a misdirected request.
/// </summary>
internal static class LoopbackHost
{
    private static readonly string[] Names = ["127.0.0.1", "localhost", "[::1]"];

    public static bool IsAllowed(HostString host, int localPort)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var value = host.Value;
        var name = value;
        int? port = null;
        var colon = value.LastIndexOf(':');
        if (colon >= 0 && colon > value.LastIndexOf(']'))
        {
            name = value[..colon];
            if (!int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return false;
            }

            port = parsed;
        }

        return Names.Contains(name, StringComparer.OrdinalIgnoreCase) && (port ?? 80) == localPort;
    }
}
