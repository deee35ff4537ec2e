using System.Text;
using System.Text.Json;

namespace Realtime.Client.Tests.Unit;

/// <summary>The client's pure logic: request payloads, reply correlation, backoff, renewal timing, the renew URL.</summary>
public sealed class ClientLogicTests
{
    [Fact]
    public void RequestPayload_AddsTheRequestId_AndReplacesAnAppSuppliedOne()
    {
        byte[] payload = RequestPayload.WithRequestId("""{"text":"hi","requestId":"mine","n":[1,2]}""", "0123456789abcdef");

        using JsonDocument document = JsonDocument.Parse(payload);
        Assert.Equal("""{"text":"hi","n":[1,2],"requestId":"0123456789abcdef"}""", Encoding.UTF8.GetString(payload));
        Assert.Equal("0123456789abcdef", document.RootElement.GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{not json")]
    [InlineData("")]
    public void RequestPayload_AnythingButAJsonObject_IsRefusedBeforeSending(string json)
    {
        Assert.Throws<ArgumentException>(() => RequestPayload.WithRequestId(json, "0123456789abcdef"));
    }

    [Fact]
    public void RequestIds_AreFresh()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RequestPayload.NewRequestId()).ToHashSet();
        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{16}$", id));
    }

    [Fact]
    public async Task PendingRequests_ASecondReplyWithTheSameId_IsDropped()
    {
        var pending = new PendingRequests();
        Task<JsonElement> reply = pending.Add("a", [1]);
        JsonElement first = JsonDocument.Parse("""{"n":1}""").RootElement;
        JsonElement second = JsonDocument.Parse("""{"n":2}""").RootElement;

        Assert.True(pending.TryComplete("a", first));
        Assert.False(pending.TryComplete("a", second));
        Assert.Equal(1, (await reply).GetProperty("n").GetInt32());
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public async Task PendingRequests_FailAll_EndsEveryWaiter()
    {
        var pending = new PendingRequests();
        Task<JsonElement> a = pending.Add("a", [1]);
        Task<JsonElement> b = pending.Add("b", [2]);
        Assert.Equal(2, pending.Unanswered().Count);

        pending.FailAll(new ChannelClosedException("closed"));

        await Assert.ThrowsAsync<ChannelClosedException>(() => a);
        await Assert.ThrowsAsync<ChannelClosedException>(() => b);
    }

    [Fact]
    public void Backoff_GrowsToTheCap_WithJitterInTheUpperHalf()
    {
        var random = new Random(7);
        TimeSpan initial = TimeSpan.FromMilliseconds(250), max = TimeSpan.FromSeconds(10);
        for (int attempt = 0; attempt < 30; attempt++)
        {
            double cap = Math.Min(250 * Math.Pow(2, Math.Min(attempt, 20)), 10_000);
            double delay = Backoff.Delay(attempt, initial, max, random).TotalMilliseconds;
            Assert.InRange(delay, cap / 2, cap);
        }

        var delays = Enumerable.Range(0, 50).Select(_ => Backoff.Delay(10, initial, max, random)).Distinct().Count();
        Assert.True(delays > 40, "jitter should spread the delays");
    }

    [Fact]
    public void RenewAt_IsAheadOfExpiry_ByTheMarginOrAThirdOfTheLifetime()
    {
        var issued = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(issued.AddSeconds(840), RenewalSchedule.RenewAt(issued, issued.AddSeconds(900), TimeSpan.FromSeconds(60)));
        Assert.Equal(issued.AddSeconds(20), RenewalSchedule.RenewAt(issued, issued.AddSeconds(30), TimeSpan.FromSeconds(60)));
        Assert.Equal(issued, RenewalSchedule.RenewAt(issued, issued.AddSeconds(-5), TimeSpan.FromSeconds(60)));
        Assert.True(RenewalSchedule.UrlIsStale(issued.AddSeconds(4), issued, TimeSpan.FromSeconds(5)));
        Assert.False(RenewalSchedule.UrlIsStale(issued.AddSeconds(6), issued, TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com/", "https://abc.execute-api.us-east-1.amazonaws.com/renew")]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com", "https://abc.execute-api.us-east-1.amazonaws.com/renew")]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com/dev/", "https://abc.execute-api.us-east-1.amazonaws.com/dev/renew")]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com/dev?x=1", "https://abc.execute-api.us-east-1.amazonaws.com/dev/renew")]
    [InlineData("http://127.0.0.1:3000/", "http://127.0.0.1:3000/renew")]
    public void RenewUrl_SitsNextToTheSessionResource(string session, string renew)
    {
        using var http = new HttpClient();
        Assert.Equal(new Uri(renew), new SessionApi(http, new Uri(session)).RenewUrl);
    }
}
