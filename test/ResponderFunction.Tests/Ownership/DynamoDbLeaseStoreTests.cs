using System.Net;
using System.Text;
using System.Text.Json;
using Realtime.Aws;
using Realtime.Channels;
using Realtime.TestSupport;
using ResponderFunction.Ownership;

namespace ResponderFunction.Tests.Ownership;

/// <summary>What the lease store sends to DynamoDB (JSON protocol, SigV4) and how it reads the answers.</summary>
public sealed class DynamoDbLeaseStoreTests
{
    private static readonly ChannelId Channel = ChannelId.Parse("abc");
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingHandler _http = new();

    private DynamoDbLeaseStore Store(string endpoint = "https://dynamodb.eu-west-1.amazonaws.com/")
    {
        var config = new LeaseConfig
        {
            TableName = "leases",
            Duration = TimeSpan.FromSeconds(30),
            Endpoint = new Uri(endpoint),
            Region = "eu-west-1",
            Credentials = () => Credentials,
        };
        return new DynamoDbLeaseStore(new DynamoDbJsonClient(new HttpClient(_http), config, _time), config.TableName);
    }

    [Fact]
    public async Task Acquire_IsAConditionalPutItem_SignedForDynamoDb()
    {
        DateTimeOffset now = _time.GetUtcNow();
        Assert.True(await Store().TryAcquireAsync(Channel, "req-1", now, now.AddSeconds(30), CancellationToken.None));

        HttpRequestMessage request = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("DynamoDB_20120810.PutItem", request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal("application/x-amz-json-1.0", request.Content!.Headers.ContentType!.MediaType);
        string authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{now:yyyyMMdd}/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,", authorization);

        using JsonDocument body = JsonDocument.Parse(_http.Bodies.Single());
        JsonElement root = body.RootElement;
        Assert.Equal("leases", root.GetProperty("TableName").GetString());
        Assert.Equal("attribute_not_exists(channelId) OR expiresAt < :now", root.GetProperty("ConditionExpression").GetString());
        JsonElement item = root.GetProperty("Item");
        Assert.Equal("abc", item.GetProperty("channelId").GetProperty("S").GetString());
        Assert.Equal("req-1", item.GetProperty("ownerId").GetProperty("S").GetString());
        Assert.Equal(now.AddSeconds(30).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item.GetProperty("expiresAt").GetProperty("N").GetString());
        // TTL (seconds) only collects garbage, an hour after the lease's own expiry.
        Assert.Equal(now.AddSeconds(30).AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item.GetProperty("ttl").GetProperty("N").GetString());
        Assert.Equal(now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("ExpressionAttributeValues").GetProperty(":now").GetProperty("N").GetString());
    }

    [Fact]
    public async Task RenewAndRelease_AreConditionalOnTheOwner()
    {
        await Store().TryRenewAsync(Channel, "req-1", _time.GetUtcNow().AddSeconds(30), CancellationToken.None);
        await Store().TryReleaseAsync(Channel, "req-1", CancellationToken.None);

        Assert.Equal(["DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.DeleteItem"], _http.Requests.Select(r => r.Headers.GetValues("X-Amz-Target").Single()));
        using JsonDocument renew = JsonDocument.Parse(_http.Bodies[0]);
        Assert.Equal("ownerId = :owner", renew.RootElement.GetProperty("ConditionExpression").GetString());
        Assert.Equal("SET expiresAt = :expires, #ttl = :ttl", renew.RootElement.GetProperty("UpdateExpression").GetString());
        Assert.Equal("ttl", renew.RootElement.GetProperty("ExpressionAttributeNames").GetProperty("#ttl").GetString());
        using JsonDocument release = JsonDocument.Parse(_http.Bodies[1]);
        Assert.Equal("ownerId = :owner", release.RootElement.GetProperty("ConditionExpression").GetString());
        Assert.Equal("req-1", release.RootElement.GetProperty("ExpressionAttributeValues").GetProperty(":owner").GetProperty("S").GetString());
        Assert.Equal("abc", release.RootElement.GetProperty("Key").GetProperty("channelId").GetProperty("S").GetString());
    }

    [Fact]
    public async Task AFailedCondition_IsFalse_NotAnError()
    {
        _http.Answer = (HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}""");

        Assert.False(await Store().TryAcquireAsync(Channel, "req-1", _time.GetUtcNow(), _time.GetUtcNow().AddSeconds(30), CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazon.coral.service#AccessDeniedException","message":"no"}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}""")]
    [InlineData(HttpStatusCode.InternalServerError, """{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError"}""")]
    [InlineData(HttpStatusCode.BadGateway, "<html>proxy</html>")]
    [InlineData(HttpStatusCode.BadRequest, "not json")]
    public async Task OtherAnswers_AreStoreErrors(HttpStatusCode status, string body)
    {
        _http.Answer = (status, body);

        await Assert.ThrowsAsync<LeaseStoreException>(() => Store().TryRenewAsync(Channel, "req-1", _time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task AnUnreachableEndpoint_IsAStoreError()
    {
        _http.Throw = true;

        await Assert.ThrowsAsync<LeaseStoreException>(() => Store().TryReleaseAsync(Channel, "req-1", CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}""", "ConditionalCheckFailedException")]
    [InlineData("""{"message":"x","__type":"ThrottlingException"}""", "ThrottlingException")]
    [InlineData("""{"message":"x"}""", "")]
    [InlineData("""[1]""", "")]
    [InlineData("""{"__type":""", "")]
    public void ErrorType_IsTheNameAfterTheHash(string answer, string expected)
        => Assert.Equal(expected, DynamoDbJsonClient.ErrorType(Encoding.UTF8.GetBytes(answer)));

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string> Bodies { get; } = [];

        public (HttpStatusCode Status, string Body) Answer { get; set; } = (HttpStatusCode.OK, "{}");

        public bool Throw { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Throw)
            {
                throw new HttpRequestException("Connection refused (injected)");
            }

            Requests.Add(request);
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(Answer.Status) { Content = new StringContent(Answer.Body) };
        }
    }
}
