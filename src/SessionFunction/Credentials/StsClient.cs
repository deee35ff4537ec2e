using System.Globalization;
using System.Net.Http.Headers;
using Realtime.Aws;
using SessionFunction.Configuration;

namespace SessionFunction.Credentials;

/// <summary>
/// The smallest STS client that does the job: AssumeRole over STS's query protocol (a form-encoded POST, an XML answer),
/// signed by Realtime.Aws's SigV4 signer. Chosen over AWSSDK.SecurityToken for the cold start: the SDK's first call and
/// its share of the executable cost about a quarter of a cold session start (docs/runtime.md, "Cold start"), and the
/// function needs one operation. Tries again, at most twice, when STS throttles, fails on its side or cannot be reached.
/// </summary>
internal sealed class StsClient : IStsClient
{
    /// <summary>STS's query API version.</summary>
    public const string ApiVersion = "2011-06-15";

    /// <summary>Time limit of one attempt: API Gateway gives up after 30 s; fail well before that with a clear 502.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private const int MaxRetries = 2;
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly MediaTypeHeaderValue s_formContentType = new("application/x-www-form-urlencoded") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly AwsCredentials _credentials;
    private readonly TimeProvider _time;

    public StsClient(HttpClient http, Uri endpoint, string region, AwsCredentials credentials, TimeProvider time)
    {
        _http = http;
        _endpoint = endpoint;
        _region = region;
        _credentials = credentials;
        _time = time;
    }

    /// <summary>A client for <paramref name="config"/>'s region (or its AWS_ENDPOINT_URL_STS), signing with the function's own credentials.</summary>
    public static StsClient Create(SessionConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = AttemptTimeout };
        return new StsClient(http, config.StsEndpoint ?? RegionalEndpoint(config.Region), config.Region, config.FunctionCredentials, time);
    }

    /// <summary>STS's regional endpoint, what the AWS SDKs use by default (https://docs.aws.amazon.com/general/latest/gr/sts.html).</summary>
    public static Uri RegionalEndpoint(string region) =>
        new(region.StartsWith("cn-", StringComparison.Ordinal) ? $"https://sts.{region}.amazonaws.com.cn/" : $"https://sts.{region}.amazonaws.com/");

    public async Task<BrowserCredentials> AssumeRoleAsync(string roleArn, string roleSessionName, int durationSeconds, string policy, CancellationToken cancellationToken)
    {
        byte[] body = FormBody(
            ("Action", "AssumeRole"), ("Version", ApiVersion), ("RoleArn", roleArn), ("RoleSessionName", roleSessionName),
            ("DurationSeconds", durationSeconds.ToString(CultureInfo.InvariantCulture)), ("Policy", policy));
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(body, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < MaxRetries && IsTransient(ex, cancellationToken))
            {
                // Exponential backoff with full jitter, as the SDKs do.
                TimeSpan backoff = s_firstBackoff * (1 << attempt) * Random.Shared.NextDouble();
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<BrowserCredentials> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = s_formContentType;
        SigV4Signer.SignRequest(request, new SigV4SigningParameters(_credentials, _region, "sts", _time.GetUtcNow()), SigV4Signer.HashPayload(body));
        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await using Stream answer = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return StsResponseParser.ParseAssumeRole(response.StatusCode, answer);
    }

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        StsException sts => sts.IsTransient,
        HttpRequestException => true,
        // HttpClient's own attempt timeout, not the caller giving up.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>application/x-www-form-urlencoded, with SigV4's strict percent-encoding of every value.</summary>
    private static byte[] FormBody(params (string Name, string Value)[] fields) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}")));
}
