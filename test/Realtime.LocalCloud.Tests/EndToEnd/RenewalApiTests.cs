using System.Net;
using System.Text.Json;
using Realtime.Aws;
using Realtime.LocalCloud.Tests.Support;
using MQTTnet;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// POST /renew through the local HTTP API, as a client calls it: SigV4-signed (service execute-api) with the session's own
/// scoped credentials. The gateway verifies the signature and execute-api:Invoke before the function runs; the function
/// renews the caller's channel and no other.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class RenewalApiTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task Renew_SignedWithTheSessionsCredentials_GivesTheSameChannelAFreshUrlAndFreshCredentials()
    {
        SessionInfo session = await NewSessionAsync();

        (HttpStatusCode status, string body) = await RenewAsync(session.Credentials!);

        Assert.Equal(HttpStatusCode.OK, status);
        SessionInfo renewed = SessionInfo.Parse(body);
        Assert.Equal(session.ChannelId, renewed.ChannelId);
        Assert.Equal(session.ClientId, renewed.ClientId);
        Assert.NotEqual(session.Credentials!.AccessKeyId, renewed.Credentials!.AccessKeyId);
        Assert.NotEqual(session.EndpointUrl, renewed.EndpointUrl);
        Assert.Equal(LocalCloudFixture.Region, renewed.Region);
        await cloud.WaitForLogAsync(l => l.Contains($"Renewed session: channel {session.ChannelId}", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        // The renewed URL works for the channel's own client id...
        await using (TestMqttClient client = await TestMqttClient.ConnectAsync(new Uri(renewed.EndpointUrl), renewed.ClientId))
        {
            Assert.True(client.IsConnected);
        }

        // ...and the renewed credentials renew again, for the same channel (a client can keep its channel indefinitely).
        (HttpStatusCode again, string againBody) = await RenewAsync(renewed.Credentials!);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(session.ChannelId, SessionInfo.Parse(againBody).ChannelId);
    }

    [Fact]
    public async Task Renew_NeverWidensRights_TheRenewedUrlStillRefusesAnotherChannelsClientId()
    {
        SessionInfo mine = await NewSessionAsync();
        SessionInfo theirs = await NewSessionAsync();
        (_, string body) = await RenewAsync(mine.Credentials!);
        SessionInfo renewed = SessionInfo.Parse(body);

        var (client, result) = await TestMqttClient.TryConnectAsync(new Uri(renewed.EndpointUrl), theirs.ClientId);
        await using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result);
            Assert.False(client.IsConnected);
        }
    }

    [Fact]
    public async Task Renew_AnotherChannel_IsImpossible_TheChannelComesFromTheSignerOnly()
    {
        SessionInfo mine = await NewSessionAsync();
        SessionInfo theirs = await NewSessionAsync();

        // Name their channel every way a request can; the answer is still for the signer's own channel.
        (HttpStatusCode status, string body) = await RenewAsync(
            mine.Credentials!, query: $"?channelId={theirs.ChannelId}", body: $"{{\"channelId\":\"{theirs.ChannelId}\"}}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(mine.ChannelId, SessionInfo.Parse(body).ChannelId);
        Assert.DoesNotContain(theirs.ChannelId, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_Unsigned_Is403FromTheGateway()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cloud.Host.ApiUrl, "renew"));

        using HttpResponseMessage response = await cloud.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("{\"message\":\"Forbidden\"}", await response.Content.ReadAsStringAsync());
        await cloud.WaitForLogAsync(l => l.Contains("POST /renew: 403, SigV4 refused", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Renew_WrongSignature_Is403()
    {
        SessionInfo session = await NewSessionAsync();
        var wrongSecret = session.Credentials! with { SecretAccessKey = "not-the-secret-" + session.Credentials!.SecretAccessKey[15..] };

        (HttpStatusCode status, _) = await RenewAsync(wrongSecret);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Renew_AnotherSessionsToken_Is403()
    {
        SessionInfo mine = await NewSessionAsync();
        SessionInfo theirs = await NewSessionAsync();

        (HttpStatusCode status, _) = await RenewAsync(mine.Credentials! with { SessionToken = theirs.Credentials!.SessionToken });

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Renew_SignedForAnotherService_Is403()
    {
        SessionInfo session = await NewSessionAsync();

        (HttpStatusCode status, _) = await RenewAsync(session.Credentials!, service: "iotdevicegateway");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Renew_ByAPrincipalThatIsNoChannelSession_PassesTheGatewayButTheFunctionRefuses()
    {
        (HttpStatusCode status, string body) = await RenewAsync(LocalCloudFixture.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("forbidden", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    private async Task<SessionInfo> NewSessionAsync()
    {
        using HttpResponseMessage response = await cloud.Http.GetAsync(cloud.Host.ApiUrl);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SessionInfo session = SessionInfo.Parse(body);
        Assert.NotNull(session.Credentials); // scoped mode: the browser's own credentials, which renew
        return session;
    }

    private async Task<(HttpStatusCode Status, string Body)> RenewAsync(
        AwsCredentials credentials, string query = "", string? body = null, string service = "execute-api")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cloud.Host.ApiUrl, "renew" + query));
        byte[] bytes = body is null ? [] : System.Text.Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
        }

        SigV4Signer.SignRequest(request, new SigV4SigningParameters(credentials, LocalCloudFixture.Region, service, DateTimeOffset.UtcNow),
            SigV4Signer.HashPayload(bytes));
        using HttpResponseMessage response = await cloud.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
