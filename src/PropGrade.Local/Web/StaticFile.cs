namespace PropGrade.Local.Web;

/// <summary>One file of the config page.</summary>
internal sealed record StaticFile(byte[] Content, string ContentType);
