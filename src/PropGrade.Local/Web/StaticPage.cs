using System.Collections.Frozen;
using System.Reflection;

namespace PropGrade.Local.Web;

/// <summary>
/// The config page's files (<c>src/PropGrade.Web</c>, the single copy), embedded in this assembly at build time so
/// <c>propgrade serve</c> finds them from any working directory. Keys are request paths such as <c>/app.js</c> or
/// <c>/lib/format.js</c> (the page's ES modules keep their folders).
/// </summary>
internal sealed class StaticPage
{
    private const string ResourcePrefix = "PropGrade.Web/";

    private readonly FrozenDictionary<string, StaticFile> _files;

    private StaticPage(FrozenDictionary<string, StaticFile> files) => _files = files;

    public static StaticPage Load()
    {
        var assembly = typeof(StaticPage).Assembly;
        var files = new Dictionary<string, StaticFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            // Module folders (lib/, ui/): MSBuild's RecursiveDir uses the build machine's separator.
            var path = "/" + name[ResourcePrefix.Length..].Replace('\\', '/');
            files[path] = new StaticFile(buffer.ToArray(), ContentTypeOf(path));
        }

        if (!files.ContainsKey("/index.html"))
        {
            throw new InvalidOperationException($"The config page is not embedded in {assembly.GetName().Name} (no {ResourcePrefix}index.html).");
        }

        files["/"] = files["/index.html"];
        return new StaticPage(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IEnumerable<string> Paths => _files.Keys;

    public bool TryGet(string path, out StaticFile file) => _files.TryGetValue(path, out file!);

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".ico" => "image/x-icon",
        ".png" => "image/png",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };
}
