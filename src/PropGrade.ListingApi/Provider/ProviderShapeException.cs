namespace PropGrade.ListingApi.Provider;

/// <summary>A well-formed JSON body that is not the shape the provider promises (a field missing, a wrong type).</summary>
internal sealed class ProviderShapeException(string message, Exception? inner = null) : Exception(message, inner);
