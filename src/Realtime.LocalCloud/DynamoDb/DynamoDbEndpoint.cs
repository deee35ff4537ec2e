using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Realtime.Aws;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>
/// The local DynamoDB endpoint (AWS_ENDPOINT_URL_DYNAMODB): POST / with X-Amz-Target DynamoDB_20120810.&lt;Operation&gt;.
/// Every request is SigV4-checked (service dynamodb, Authorization header) against the local identity store, then the
/// caller's policies must allow dynamodb:&lt;Operation&gt; on the table's ARN, as IAM would; errors come back as DynamoDB's
/// JSON errors with HTTP 400.
/// </summary>
internal sealed class DynamoDbEndpoint(DynamoDbService service, CredentialStore store, LocalLog log, TimeProvider time)
{
    private const string TargetPrefix = "DynamoDB_20120810.";
    private const int MaxBody = 1024 * 1024;
    private static readonly SigV4VerifierOptions s_options = SigV4Authenticator.Options("dynamodb", SigV4SessionTokenMode.Signed);

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("N");
        JsonObject answer;
        try
        {
            byte[] body = await ReadBodyAsync(context).ConfigureAwait(false);
            answer = Handle(context, body);
            context.Response.StatusCode = 200;
        }
        catch (DynamoDbException e)
        {
            if (e.Code != "ConditionalCheckFailedException")
            {
                log.Write("dynamodb", $"{e.Code}: {e.Message}");
            }

            context.Response.StatusCode = 400;
            answer = new JsonObject { ["__type"] = e.Type, ["message"] = e.Message };
        }

        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private JsonObject Handle(HttpContext context, byte[] body)
    {
        if (context.Request.Method != "POST")
        {
            throw new DynamoDbException("UnknownOperationException", "DynamoDB takes POST requests only.");
        }

        AuthenticationResult auth = SigV4Authenticator.Authenticate(context, body, s_options, presigned: false, store, time.GetUtcNow());
        if (auth.Identity is not { } caller)
        {
            throw new DynamoDbException(auth.Status switch
            {
                SigV4VerificationStatus.SignatureMismatch => "InvalidSignatureException",
                SigV4VerificationStatus.Malformed or SigV4VerificationStatus.ScopeMismatch => "IncompleteSignatureException",
                SigV4VerificationStatus.UnknownAccessKey when auth.Reason.Contains("expired", StringComparison.Ordinal) => "ExpiredTokenException",
                SigV4VerificationStatus.Expired => "InvalidSignatureException",
                _ => "UnrecognizedClientException",
            }, auth.Reason);
        }

        string target = context.Request.Headers["X-Amz-Target"].ToString();
        string operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : "";
        if (!DynamoDbService.Operations.Contains(operation))
        {
            throw new DynamoDbException("UnknownOperationException", $"X-Amz-Target '{target}' is not an operation of the local DynamoDB ({string.Join(", ", DynamoDbService.Operations)}).");
        }

        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new DynamoDbException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new DynamoDbException("SerializationException", $"The request body is not valid JSON: {e.Message}");
        }

        string table = DynamoDbService.TableName(request);
        string arn = Sam.LocalAccount.TableArn(table);
        if (!caller.Rights.IsAllowed("dynamodb:" + operation, arn))
        {
            throw new DynamoDbException("AccessDeniedException",
                $"User: {caller.PrincipalArn} is not authorized to perform: dynamodb:{operation} on resource: {arn}");
        }

        return service.Execute(operation, request);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBody)
        {
            throw DynamoDbException.Validation("The request is larger than the local limit of 1 MB.");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.Length > MaxBody ? throw DynamoDbException.Validation("The request is larger than the local limit of 1 MB.") : buffer.ToArray();
    }
}
