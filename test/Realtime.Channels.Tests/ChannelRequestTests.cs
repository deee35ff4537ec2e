using System.Text;

namespace Realtime.Channels.Tests;

public sealed class ChannelRequestTests
{
    private static ChannelRequest Parse(string payload) => ChannelRequest.Parse(Encoding.UTF8.GetBytes(payload));

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"message\":\"hello\"}")]
    [InlineData("{\"requestId\":\"x\"")] // truncated: a request, but nothing read from it is trusted
    [InlineData("{\"requestId\":42}")]
    [InlineData("""{"requestId":"\ud800"}""")] // unpaired surrogate escape: no text, so no id to echo
    [InlineData("""{"requestId":"a\udfffb","message":"hi"}""")]
    [InlineData("""{"\ud800":"x"}""")]
    [InlineData("""{"type":"\ud800"}""")]
    public void Parse_AnythingWithoutStringRequestId_IsAPlainRequest(string payload)
        => Assert.Equal(new ChannelRequest(ChannelRequestKind.Request, RequestId: null, ByeReason: null), Parse(payload));

    [Fact]
    public void Parse_RequestId_IsRead()
        => Assert.Equal("r-7", Parse("""{"nested":{"requestId":"no"},"requestId":"r-7","message":"hi"}""").RequestId);

    [Fact]
    public void Parse_OverlongRequestId_IsNotEchoed()
        => Assert.Null(Parse("{\"requestId\":\"" + new string('x', ChannelRequest.MaxRequestIdLength + 1) + "\"}").RequestId);

    [Fact]
    public void Parse_RequestIdAtTheLimit_IsEchoed()
        => Assert.NotNull(Parse("{\"requestId\":\"" + new string('x', ChannelRequest.MaxRequestIdLength) + "\"}").RequestId);

    [Fact]
    public void Parse_SurrogateEscapeInAnotherProperty_KeepsTheRequestId()
        => Assert.Equal("r-1", Parse("""{"message":"\ud800","requestId":"r-1"}""").RequestId);

    [Fact]
    public void Parse_ByeWithSurrogateEscapeReason_IsByeWithoutReason()
        => Assert.Equal(new ChannelRequest(ChannelRequestKind.Bye, RequestId: null, ByeReason: null), Parse("""{"type":"bye","reason":"\ud800"}"""));

    [Fact]
    public void Parse_ExplicitBye_IsBye()
        => Assert.Equal(new ChannelRequest(ChannelRequestKind.Bye, RequestId: null, ByeReason: null), Parse("""{"type":"bye"}"""));

    [Fact]
    public void Parse_Will_IsByeDisconnected()
    {
        var request = ChannelRequest.Parse(ChannelMessages.ClientWill());

        Assert.True(request.IsBye);
        Assert.Equal("disconnected", request.ByeReason);
    }

    [Theory]
    [InlineData("""{"type":"BYE"}""")]
    [InlineData("""{"type":["bye"]}""")]
    [InlineData("""{"x":{"type":"bye"}}""")]
    public void Parse_ThingsThatOnlyLookLikeBye_AreRequests(string payload)
        => Assert.False(Parse(payload).IsBye);

    [Fact]
    public void Parse_Hello_IsHelloWithoutRequestId()
    {
        var request = ChannelRequest.Parse(ChannelMessages.ClientHello());

        Assert.True(request.IsHello);
        Assert.False(request.IsBye);
        Assert.Null(Parse("""{"type":"hello","requestId":"r1"}""").RequestId);
    }

    [Theory]
    [InlineData("""{"type":"HELLO"}""")]
    [InlineData("""{"x":{"type":"hello"}}""")]
    [InlineData("""{"message":"hello"}""")]
    public void Parse_ThingsThatOnlyLookLikeHello_AreRequests(string payload)
        => Assert.False(Parse(payload).IsHello);
}
