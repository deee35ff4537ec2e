using System.Text;

namespace Realtime.Channels.Tests;

public sealed class ChannelMessagesTests
{
    private static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);

    [Fact]
    public void Trigger_IsTheContractJson()
        => Assert.Equal("""{"channelId":"abc"}""", Text(ChannelMessages.Trigger(ChannelId.Parse("abc"))));

    [Fact]
    public void Ready_IsTheContractJson()
        => Assert.Equal("""{"type":"ready","channelId":"abc","idleSeconds":30}""", Text(ChannelMessages.Ready(ChannelId.Parse("abc"), 30)));

    [Fact]
    public void Pong_WithoutRequestId_OmitsIt()
        => Assert.Equal("""{"type":"pong","message":"PONG"}""", Text(ChannelMessages.Pong(null)));

    [Fact]
    public void Pong_WithRequestId_EchoesIt()
        => Assert.Equal("""{"type":"pong","message":"PONG","requestId":"r-1"}""", Text(ChannelMessages.Pong("r-1")));

    [Fact]
    public void Pong_RequestIdWithQuotes_IsEscaped()
        => Assert.True(ChannelMessages.TryParse(ChannelMessages.Pong("a\"b</script>"), out var message) && message.RequestId == "a\"b</script>");

    [Theory]
    [InlineData(ByeReason.Idle, "idle")]
    [InlineData(ByeReason.Deadline, "deadline")]
    [InlineData(ByeReason.ClientLeft, "client-left")]
    [InlineData(ByeReason.Error, "error")]
    public void Bye_CarriesTheWireReason(ByeReason reason, string wire)
        => Assert.Equal($$"""{"type":"bye","reason":"{{wire}}"}""", Text(ChannelMessages.Bye(reason)));

    [Fact]
    public void ClientWill_IsByeDisconnected()
        => Assert.Equal("""{"type":"bye","reason":"disconnected"}""", Text(ChannelMessages.ClientWill()));

    [Fact]
    public void TryParse_ReadsEachField()
    {
        Assert.True(ChannelMessages.TryParse(ChannelMessages.Ready(ChannelId.Parse("abc"), 7), out var ready));
        Assert.Equal(new ChannelMessage("ready", ChannelId: "abc", IdleSeconds: 7), ready);

        Assert.True(ChannelMessages.TryParse(ChannelMessages.Bye(ByeReason.Deadline), out var bye));
        Assert.Equal(new ChannelMessage("bye", Reason: "deadline"), bye);
    }

    [Theory]
    [InlineData("PONG")]
    [InlineData("[1]")]
    [InlineData("")]
    [InlineData("{\"type\":5}")]
    public void TryParse_NotAMessage_ReturnsFalse(string payload)
        => Assert.False(ChannelMessages.TryParse(Encoding.UTF8.GetBytes(payload), out _));

    [Fact]
    public void SessionResponse_WritesSharedNullExplicitly()
    {
        var id = ChannelId.Parse("abc");
        var response = new SessionResponse("wss://h/mqtt", id.Value, ClientIds.ForClient(id), "2026-01-01T00:00:00Z",
            ChannelTopics.For(TopicPrefix.Default, id));

        string json = System.Text.Json.JsonSerializer.Serialize(response, ChannelJsonContext.Default.SessionResponse);

        Assert.Equal(
            """{"endpointUrl":"wss://h/mqtt","channelId":"abc","clientId":"client-abc","expiresAt":"2026-01-01T00:00:00Z",""" +
            """ "topics":{"session":"foobar/session","request":"foobar/abc/request","response":"foobar/abc/response","shared":null}}""".TrimStart(),
            json);
    }

    [Fact]
    public void SessionResponse_Readable_KeepsQueryCharactersAndTheSameShape()
    {
        var id = ChannelId.Parse("abc");
        var response = new SessionResponse("wss://h/mqtt?a=1&b=x%2By", id.Value, ClientIds.ForClient(id), "2026-01-01T00:00:00Z",
            ChannelTopics.For(TopicPrefix.Default, id));

        string readable = System.Text.Json.JsonSerializer.Serialize(response, ChannelJsonContext.Readable.SessionResponse);
        string escaped = System.Text.Json.JsonSerializer.Serialize(response, ChannelJsonContext.Default.SessionResponse);

        Assert.Contains("\"endpointUrl\":\"wss://h/mqtt?a=1&b=x%2By\"", readable);
        Assert.Contains("\\u0026", escaped);
        Assert.Equal(escaped.Replace("\\u0026", "&"), readable);
    }
}
