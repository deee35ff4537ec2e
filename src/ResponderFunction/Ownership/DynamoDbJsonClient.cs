using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Realtime.Aws;

namespace ResponderFunction.Ownership;

/// <summary>
/// The smallest DynamoDB client that does the job: one POST per operation with the JSON protocol (X-Amz-Target
/// DynamoDB_20120810.&lt;Operation&gt;, application/x-amz-json-1.0), signed by Realtime.Aws's SigV4 signer. Chosen over
/// AWSSDK.DynamoDBv2 for the cold start and the AOT image: no SDK pipeline, no reflection, three operations.
/// </summary>
internal sealed class DynamoDbJsonClient
{
    /// <summary>The error type DynamoDB answers when a ConditionExpression is false.</summary>
    public const string ConditionalCheckFailed = "ConditionalCheckFailedException";

    private static readonly MediaTypeHeaderValue s_contentType = new("application/x-amz-json-1.0");

    private readonly HttpClient _http;
    private readonly LeaseConfig _config;
    private readonly TimeProvider _time;

    public DynamoDbJsonClient(HttpClient http, LeaseConfig config, TimeProvider time)
    {
        _http = http;
        _config = config;
        _time = time;
    }

    /// <summary>Sends one operation; returns null on success, or the short error type (e.g. ConditionalCheckFailedException).</summary>
    /// <exception cref="LeaseStoreException">No answer, a server error, or an answer that is not DynamoDB's.</exception>
    public async Task<string?> SendAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _config.Endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810." + operation);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = s_contentType;
        AwsCredentials credentials;
        try
        {
            credentials = _config.Credentials();
        }
        catch (InvalidOperationException ex)
        {
            throw new LeaseStoreException(ex.Message, ex);
        }

        SigV4Signer.SignRequest(request, new SigV4SigningParameters(credentials, _config.Region, "dynamodb", _time.GetUtcNow()), SigV4Signer.HashPayload(body));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new LeaseStoreException($"DynamoDB {operation} failed: {ex.Message}", ex);
        }

        using (response)
        {
            byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            string type = ErrorType(answer);
            if (response.StatusCode == HttpStatusCode.BadRequest && type.Length > 0)
            {
                return type;
            }

            throw new LeaseStoreException($"DynamoDB {operation} answered {(int)response.StatusCode} {(type.Length > 0 ? type : "(no error type)")}.");
        }
    }

    /// <summary>The part after '#' of the answer's "__type" ("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException").</summary>
    internal static string ErrorType(ReadOnlySpan<byte> answer)
    {
        try
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isType = reader.ValueTextEquals("__type");
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    string full = reader.GetString() ?? "";
                    return full[(full.LastIndexOf('#') + 1)..];
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not DynamoDB's JSON: no type.
        }

        return "";
    }
}
