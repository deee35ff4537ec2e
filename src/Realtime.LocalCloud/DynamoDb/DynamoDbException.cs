namespace Realtime.LocalCloud.DynamoDb;

/// <summary>An error DynamoDB answers with HTTP 400 and {"__type": "&lt;namespace&gt;#&lt;Code&gt;", "message": ...}.</summary>
internal sealed class DynamoDbException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Authentication and authorization errors come from the shared AWS front end (coral), the rest from DynamoDB.</summary>
    public string Type => Code is "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException"
        or "ExpiredTokenException" or "IncompleteSignatureException" or "UnknownOperationException" or "SerializationException"
        ? "com.amazon.coral.service#" + Code
        : "com.amazonaws.dynamodb.v20120810#" + Code;

    public static DynamoDbException Validation(string message) => new("ValidationException", message);
}
