using Microsoft.AspNetCore.Http;
using PropGrade.Local.Web;

namespace PropGrade.Local.Tests.Web;

public sealed class LoopbackHostTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", 8080, true)]
    [InlineData("localhost:8080", 8080, true)]
    [InlineData("LOCALHOST:8080", 8080, true)]
    [InlineData("[::1]:8080", 8080, true)]
    [InlineData("127.0.0.1", 80, true)]
    [InlineData("localhost", 80, true)]
    [InlineData("127.0.0.1", 8080, false)]
    [InlineData("127.0.0.1:8081", 8080, false)]
    [InlineData("127.0.0.1:", 8080, false)]
    [InlineData("127.0.0.1:+8080", 8080, false)]
    [InlineData("[::1]", 8080, false)]
    [InlineData("::1:8080", 8080, false)]
    [InlineData("evil.example:8080", 8080, false)]
    [InlineData("localhost.evil.example:8080", 8080, false)]
    [InlineData("127.0.0.2:8080", 8080, false)]
    [InlineData("0.0.0.0:8080", 8080, false)]
    [InlineData("", 8080, false)]
    public void IsAllowed_HostHeader_OnlyThisMachinesNamesWithTheBoundPort(string host, int port, bool allowed) =>
        Assert.Equal(allowed, LoopbackHost.IsAllowed(new HostString(host), port));
}
