using System.Runtime.InteropServices;

namespace PropGrade.Cli;

/// <summary>
/// <c>propgrade</c> sets its file-creation mask to <c>077</c> at start (as ssh and gpg do): whatever it creates in the
/// data directory (database, raw segments, exports, temp files, run folders) is the owner's only, also files written by
/// code that does not go through <c>PrivateFiles</c>. The entry point's business, never a library's: a host embedding
/// the engine keeps its own mask, and the engine sets its own files' modes explicitly.
/// </summary>
internal static class OwnerOnlyUmask
{
    /// <summary>Octal 077: no permission bit for the group or others.</summary>
    private const uint GroupAndOthers = 0x3F;

    public static void Apply()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            _ = SetUmask(GroupAndOthers);
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks for this one call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint SetUmask(uint mask);
#pragma warning restore SYSLIB1054
}
