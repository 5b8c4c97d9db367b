namespace PropGrade.Aws.Secrets;

/// <summary>The API key could not be read from the extension. The message never contains the secret.</summary>
public sealed class SecretUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
