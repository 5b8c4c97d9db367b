using System.Diagnostics;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// This executable started again as a child process (<c>propgrade simulate</c>, <c>run</c>, <c>regrade</c>): the apphost
/// itself, or <c>dotnet propgrade.dll</c> when this process runs under the muxer (or inside a test host).
/// </summary>
internal static class PropGradeProcess
{
    /// <summary>A start description for <c>propgrade <paramref name="args"/></c> with stdout and stderr redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cli = typeof(PropGradeProcess).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(cli)!, Path.GetFileNameWithoutExtension(cli));
        var self = Environment.ProcessPath;
        ProcessStartInfo info;
        if (self is not null && Path.GetFullPath(self) == Path.GetFullPath(apphost))
        {
            info = new ProcessStartInfo(self);
        }
        else
        {
            // Under the muxer (`dotnet propgrade.dll`) or another host (a test runner): the muxer with our assembly.
            var muxer = self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? self
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            info = new ProcessStartInfo(muxer);
            info.ArgumentList.Add(cli);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }
}
