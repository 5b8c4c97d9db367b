namespace PropGrade.ListingApi.Tests;

public sealed class EnvironmentApiKeyProviderTests
{
    [Fact]
    public async Task GetApiKeyAsync_VariableUnset_ThrowsNamingTheVariable()
    {
        var name = "PROPGRADE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var provider = new EnvironmentApiKeyProvider(name);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetApiKeyAsync(CancellationToken.None).AsTask());

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetApiKeyAsync_VariableSet_ReturnsTrimmedKey()
    {
        var name = "PROPGRADE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, " k-123 ");
        try
        {
            Assert.Equal("k-123", await new EnvironmentApiKeyProvider(name).GetApiKeyAsync(CancellationToken.None));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
