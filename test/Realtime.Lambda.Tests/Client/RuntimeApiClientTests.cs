namespace Realtime.Lambda.Tests.Client;

public sealed class RuntimeApiClientTests
{
    [Theory]
    [InlineData("127.0.0.1:9001", "http://127.0.0.1:9001/2018-06-01/")]
    [InlineData("localhost:9001", "http://localhost:9001/2018-06-01/")]
    [InlineData(" 169.254.100.1:9001 ", "http://169.254.100.1:9001/2018-06-01/")]
    public void TryCreateBaseAddress_HostPort_IsTheVersionedBase(string value, string expected)
    {
        Assert.True(RuntimeApiClient.TryCreateBaseAddress(value, out Uri? uri));
        Assert.Equal(expected, uri!.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("127.0.0.1:9001/extra")]
    [InlineData("bad host:1")]
    public void TryCreateBaseAddress_NotAHostPort_IsRefused(string? value)
    {
        Assert.False(RuntimeApiClient.TryCreateBaseAddress(value, out _));
    }
}
