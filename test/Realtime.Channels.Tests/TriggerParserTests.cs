using System.Text;

namespace Realtime.Channels.Tests;

public sealed class TriggerParserTests
{
    private static TriggerParseResult Parse(string json) => TriggerParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_PlainTrigger_IsAccepted()
    {
        var result = Parse("""{"channelId":"0123456789abcdef0123"}""");

        Assert.True(result.IsAccepted);
        Assert.Equal(TriggerRejection.None, result.Rejection);
        Assert.Equal("0123456789abcdef0123", result.Trigger.ChannelId.Value);
        Assert.Null(result.Trigger.ClientId);
    }

    [Fact]
    public void Parse_HandMadeIdOne_IsAccepted() // aws iot-data publish --payload '{"channelId":"1"}'
        => Assert.True(Parse("""{ "channelId": "1" }""").IsAccepted);

    [Fact]
    public void Parse_MatchingClientIdFromTheRule_IsAccepted()
    {
        var result = Parse("""{"channelId":"abc","clientId":"client-abc"}""");

        Assert.True(result.IsAccepted);
        Assert.Equal("client-abc", result.Trigger.ClientId);
    }

    [Fact]
    public void Parse_UnknownPropertiesAndNestedValues_AreIgnored()
        => Assert.True(Parse("""{"x":{"y":[1,2,{"channelId":"nested"}]},"channelId":"abc","z":null}""").IsAccepted);

    [Fact]
    public void Parse_EscapedChannelId_IsDecodedBeforeValidation()
    {
        Assert.Equal("abc", Parse("""{"channelId":"\u0061bc"}""").Trigger!.ChannelId.Value);
        Assert.Equal(TriggerRejection.InvalidChannelId, Parse("""{"channelId":"a\u002Fb"}""").Rejection);
    }

    [Theory]
    [InlineData("""{"channelId":"+"}""")]
    [InlineData("""{"channelId":"#"}""")]
    [InlineData("""{"channelId":"a/b"}""")]
    [InlineData("""{"channelId":"abc/+/request"}""")]
    [InlineData("""{"channelId":""}""")]
    [InlineData("""{"channelId":" abc"}""")]
    [InlineData("""{"channelId":"a\u0000b"}""")]
    [InlineData("""{"channelId":"01234567890123456789012345678901234567890123456789012345678901234"}""")] // 65
    public void Parse_InvalidChannelId_IsRejected(string json)
    {
        var result = Parse(json);

        Assert.False(result.IsAccepted);
        Assert.Null(result.Trigger);
        Assert.Equal(TriggerRejection.InvalidChannelId, result.Rejection);
    }

    [Theory]
    [InlineData("""{"channelId":1}""", "a number")]
    [InlineData("""{"channelId":null}""", "null")]
    [InlineData("""{"channelId":true}""", "a boolean")]
    [InlineData("""{"channelId":["abc"]}""", "an array")]
    [InlineData("""{"channelId":{"value":"abc"}}""", "an object")]
    public void Parse_NonStringChannelId_IsRejected(string json, string described)
    {
        var result = Parse(json);

        Assert.Equal(TriggerRejection.ChannelIdNotString, result.Rejection);
        Assert.Contains(described, result.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"channelid":"abc"}""")]
    [InlineData("""{"ChannelId":"abc"}""")]
    public void Parse_MissingChannelId_IsRejected(string json)
        => Assert.Equal(TriggerRejection.MissingChannelId, Parse(json).Rejection);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("""{"channelId":"abc\"}""")]
    [InlineData("""{"channelId":"abc",}""")]
    [InlineData("""{'channelId':'abc'}""")]
    [InlineData("""{"channelId":"abc"} trailing""")]
    [InlineData("""{"channelId":"abc"}{"channelId":"def"}""")]
    [InlineData("channelId=abc")]
    [InlineData("\u00ff\u00fe")]
    public void Parse_MalformedJson_IsRejected(string json)
        => Assert.Equal(TriggerRejection.MalformedJson, Parse(json).Rejection);

    [Theory]
    [InlineData("""{"channelId":"\ud800"}""")]
    [InlineData("""{"channelId":"a","clientId":"\udfff"}""")]
    [InlineData("""{"channelId":"a\ud800b"}""")]
    [InlineData("""{"channelId":"abc","clientId":"client-abc\udc00\ud800"}""")]
    public void Parse_UnpairedSurrogateEscape_IsRejectedAsMalformed(string json)
    {
        var result = Parse(json);

        Assert.Equal(TriggerRejection.MalformedJson, result.Rejection);
        Assert.Null(result.Trigger);
    }

    [Fact]
    public void Parse_SurrogateEscapeInAnIgnoredProperty_IsNeverDecoded()
        => Assert.True(Parse("""{"\ud800":"\udfff","channelId":"abc"}""").IsAccepted);

    [Fact]
    public void Parse_InvalidUtf8_IsRejectedAsMalformed()
        => Assert.Equal(TriggerRejection.MalformedJson, TriggerParser.Parse([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']).Rejection);

    [Fact]
    public void Parse_DeepNesting_IsRejectedWithoutCrashing()
    {
        string json = "{\"channelId\":\"a\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}";
        Assert.Equal(TriggerRejection.MalformedJson, Parse(json).Rejection);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("""["channelId","abc"]""", "an array")]
    [InlineData("\"abc\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Parse_NotAnObject_IsRejected(string json, string described)
    {
        var result = Parse(json);

        Assert.Equal(TriggerRejection.NotAnObject, result.Rejection);
        Assert.Contains(described, result.Message);
    }

    [Fact]
    public void Parse_OversizedPayload_IsRejectedBeforeParsing()
    {
        string json = "{\"channelId\":\"abc\",\"pad\":\"" + new string('x', 1024 * 1024) + "\"}";
        var result = Parse(json);

        Assert.Equal(TriggerRejection.Oversized, result.Rejection);
        Assert.True(result.Message.Length < 200);
    }

    [Fact]
    public void Parse_PayloadAtTheLimit_IsParsed()
    {
        string head = "{\"channelId\":\"abc\",\"pad\":\"";
        string json = head + new string('x', TriggerParser.MaxPayloadBytes - head.Length - 2) + "\"}";
        Assert.Equal(TriggerParser.MaxPayloadBytes, json.Length);

        Assert.True(Parse(json).IsAccepted);
    }

    [Theory]
    [InlineData("""{"channelId":"abc","clientId":"client-other"}""")]
    [InlineData("""{"channelId":"abc","clientId":"client-ABC"}""")]
    [InlineData("""{"channelId":"abc","clientId":"abc"}""")]
    [InlineData("""{"channelId":"abc","clientId":""}""")]
    [InlineData("""{"channelId":"abc","clientId":"responder-abc-12345678"}""")]
    public void Parse_MismatchedClientId_IsRejected(string json)
    {
        var result = Parse(json);

        Assert.Equal(TriggerRejection.ClientIdMismatch, result.Rejection);
        Assert.Contains("client-abc", result.Message);
    }

    [Fact]
    public void Parse_DataPlaneTriggerForIssuedLookingId_IsRejected()
    {
        // Over HTTPS clientid() is "n/a"; a session's own credentials may publish there, so issued ids still need their client.
        var result = Parse("""{"channelId":"0123456789abcdef0123","clientId":"n/a"}""");

        Assert.Equal(TriggerRejection.ClientIdMismatch, result.Rejection);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("abc")]
    [InlineData("0123456789ABCDEF0123")] // upper case: never issued
    [InlineData("0123456789abcdef012")] // 19 characters
    public void Parse_DataPlaneTriggerForHandMadeId_IsAccepted(string channelId)
    {
        var result = Parse($$"""{"channelId":"{{channelId}}","clientId":"n/a"}""");

        Assert.True(result.IsAccepted);
    }

    [Theory]
    [InlineData("""{"channelId":"abc","clientId":null}""")]
    [InlineData("""{"channelId":"abc","clientId":7}""")]
    [InlineData("""{"channelId":"abc","clientId":["client-abc"]}""")]
    public void Parse_NonStringClientId_IsRejected(string json)
        => Assert.Equal(TriggerRejection.ClientIdNotString, Parse(json).Rejection);

    [Theory]
    [InlineData("""{"channelId":"abc","channelId":"def"}""")]
    [InlineData("""{"channelId":"abc","clientId":"client-abc","clientId":"client-abc"}""")]
    public void Parse_DuplicateProperty_IsRejected(string json)
        => Assert.Equal(TriggerRejection.DuplicateProperty, Parse(json).Rejection);

    [Fact]
    public void Parse_RejectionMessage_EscapesControlCharactersAndShortensHostileText()
    {
        string json = "{\"channelId\":\"abc\\n[ERROR] forged line" + new string('y', 500) + "\"}";
        var result = Parse(json);

        Assert.Equal(TriggerRejection.InvalidChannelId, result.Rejection);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Contains("\\u000a", result.Message);
        Assert.True(result.Message.Length < 250);
    }
}
