using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Realtime.Aws.Tests;

/// <summary>
/// Our IoT URLs and data-plane signatures against vectors computed by AWS's own Python SDK (botocore; see
/// TestData/iot-vectors/SOURCE.md), not by anything in this repository: the presigner the functions use, the general
/// signer, and the verifier the local cloud uses.
/// </summary>
public sealed class IotVectorTests
{
    private static readonly JsonElement V = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "iot-vectors", "vectors.json"))).RootElement;
    private static readonly AwsCredentials Key = new(S("accessKeyId"), S("secretAccessKey"));
    private static readonly DateTimeOffset Time = DateTimeOffset.Parse(S("time"), CultureInfo.InvariantCulture);
    private static readonly Uri Endpoint = new($"wss://{S("host")}/mqtt");
    private const string Token = "IQoJb3JpZ2luX2VjE/token+with=special/chars==";

    private static string S(string name) => V.GetProperty(name).GetString()!;

    private static Dictionary<string, string> Query(Uri url) => SigV4Request.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Presigner_Vector1_Expires86400_IsBotocoresUrl()
    {
        Uri ours = IotWebSocketPresigner.PresignFor(Endpoint, "us-east-1", Key, Time, 86400);
        var botocore = new Uri(S("webSocketUrl86400"));

        // Same parameters and values (order aside), same host and path; only the scheme differs (not signed).
        Assert.Equal(Query(botocore).OrderBy(p => p.Key), Query(ours).OrderBy(p => p.Key));
        Assert.Equal((botocore.Host, botocore.AbsolutePath), (ours.Host, ours.AbsolutePath));
    }

    [Fact]
    public void Presigner_Vector2_Expires3600()
        => Assert.Equal(S("signature3600"), Query(IotWebSocketPresigner.PresignFor(Endpoint, "us-east-1", Key, Time, 3600))["X-Amz-Signature"]);

    [Fact]
    public void Presigner_Vector4_TemporaryCredentials_TokenUnsignedAndAppendedLast()
    {
        Uri ours = IotWebSocketPresigner.PresignFor(Endpoint, "us-east-1", Key with { SessionToken = Token }, Time, 86400);

        string expectedPrefix = "wss" + S("webSocketUrl86400")["https".Length..];
        Assert.Equal(Query(new Uri(expectedPrefix)).OrderBy(p => p.Key), Query(ours).Where(p => p.Key != "X-Amz-Security-Token").OrderBy(p => p.Key));
        Assert.EndsWith("&X-Amz-Security-Token=" + Uri.EscapeDataString(Token), ours.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneralSigner_Vectors1And2_InUnsignedTokenMode()
    {
        foreach ((int seconds, string expected) in new[] { (86400, Query(new Uri(S("webSocketUrl86400")))["X-Amz-Signature"]), (3600, S("signature3600")) })
        {
            var request = new SigV4Request("GET", "/mqtt", [], [new("host", S("host"))], SigV4Signer.EmptyPayloadHash);
            var parameters = new SigV4SigningParameters(Key with { SessionToken = Token }, "us-east-1", "iotdevicegateway", Time) { SessionTokenMode = SigV4SessionTokenMode.Unsigned };

            Assert.Equal(expected, SigV4Signer.PresignQuery(request, parameters, TimeSpan.FromSeconds(seconds)).Signature);
        }
    }

    [Fact]
    public void Canonicalization_Vector3_WithoutExpires()
    {
        // No signer here omits X-Amz-Expires, so build that canonical request by hand from the shared steps.
        var query = new List<KeyValuePair<string, string>>
        {
            new("X-Amz-Algorithm", SigV4Signer.Algorithm),
            new("X-Amz-Credential", $"AKIDEXAMPLE/{SigV4Signer.CredentialScope(Time, "us-east-1", "iotdevicegateway")}"),
            new("X-Amz-Date", SigV4Signer.FormatAmzDate(Time)),
            new("X-Amz-SignedHeaders", "host"),
        };
        string canonical = SigV4Signer.CanonicalRequest(new SigV4Request("GET", "/mqtt", query, [new("host", S("host"))], SigV4Signer.EmptyPayloadHash));
        string toSign = SigV4Signer.StringToSign(Time, SigV4Signer.CredentialScope(Time, "us-east-1", "iotdevicegateway"), canonical);

        Assert.Equal(S("signatureWithoutExpires"), SigV4Signer.Signature(SigV4Signer.DeriveSigningKey(Key.SecretAccessKey, Time, "us-east-1", "iotdevicegateway"), toSign));
    }

    [Fact]
    public void HeaderSigner_Vector5_DataPlanePublish_DoubleEncodesThePath()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"hello\":\"world\"}");
        using var message = new HttpRequestMessage(HttpMethod.Post, $"https://{S("host")}/topics/my%2Ftopic?qos=1") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new("application/octet-stream");

        SigV4Signer.SignRequest(message, new SigV4SigningParameters(Key, "us-east-1", "iotdata", Time), SigV4Signer.HashPayload(body));

        Assert.Equal(S("dataPlaneAuthorization"), message.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public void Verifier_AcceptsBotocoresUrls_AndRefusesThemAltered()
    {
        var options = new SigV4VerifierOptions("iotdevicegateway") { Region = "us-east-1", SessionTokenMode = SigV4SessionTokenMode.Unsigned };
        var botocore = new Uri(S("webSocketUrl86400"));
        SigV4VerificationResult Verify(string target, AwsCredentials credentials, DateTimeOffset now) => SigV4Verifier.VerifyPresignedQuery(
            SigV4Request.FromTarget("GET", target, [new("host", S("host"))], SigV4Signer.EmptyPayloadHash), _ => credentials, options, now);
        string target = botocore.PathAndQuery;
        string withToken = target + "&X-Amz-Security-Token=" + Uri.EscapeDataString(Token);

        Assert.Equal(SigV4VerificationStatus.Valid, Verify(target, Key, Time.AddHours(23)).Status);
        Assert.Equal(SigV4VerificationStatus.Valid, Verify(withToken, Key with { SessionToken = Token }, Time).Status);
        Assert.Equal(SigV4VerificationStatus.Expired, Verify(target, Key, Time.AddSeconds(86401)).Status);
        Assert.Equal(SigV4VerificationStatus.SignatureMismatch, Verify(target.Replace("86400", "86401", StringComparison.Ordinal), Key, Time).Status);
        Assert.Equal(SigV4VerificationStatus.SignatureMismatch, Verify(target, Key with { SecretAccessKey = "other" }, Time).Status);
        Assert.Equal(SigV4VerificationStatus.InvalidSessionToken, Verify(withToken, Key with { SessionToken = Token + "x" }, Time).Status);
    }

    [Fact]
    public void Verifier_AcceptsBotocoresDataPlaneSignature()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"hello\":\"world\"}");
        var request = SigV4Request.FromTarget("POST", "/topics/my%2Ftopic?qos=1",
            [new("host", S("host")), new("content-type", "application/octet-stream"), new("x-amz-date", SigV4Signer.FormatAmzDate(Time)), new("authorization", S("dataPlaneAuthorization"))],
            SigV4Signer.HashPayload(body));

        var result = SigV4Verifier.VerifyAuthorizationHeader(request, _ => Key, new SigV4VerifierOptions("iotdata") { Region = "us-east-1" }, Time);

        Assert.Equal(SigV4VerificationStatus.Valid, result.Status);
    }
}
