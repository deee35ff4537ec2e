using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Realtime.Lambda;

/// <summary>How the invoke loop turns a request body into the handler's request: JSON for typed handlers, as is for raw ones.</summary>
internal static class RequestReaders
{
    /// <summary>The body as it came from the Runtime API; never fails, so the handler decides what bad input means.</summary>
    public static Func<byte[], ReadOnlyMemory<byte>> Raw { get; } = static body => body;

    /// <summary>Deserializes with <paramref name="requestType"/>; empty, malformed or <c>null</c> bodies throw <see cref="LambdaSerializationException"/>.</summary>
    public static Func<byte[], TRequest> Json<TRequest>(JsonTypeInfo<TRequest> requestType)
    {
        ArgumentNullException.ThrowIfNull(requestType);
        return body => Deserialize(body, requestType);
    }

    private static TRequest Deserialize<TRequest>(byte[] body, JsonTypeInfo<TRequest> requestType)
    {
        string typeName = requestType.Type.Name;
        if (body.Length == 0)
        {
            throw new LambdaSerializationException($"The request body is empty; expected JSON for {typeName}.");
        }

        TRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, requestType);
        }
        catch (JsonException ex)
        {
            throw new LambdaSerializationException(
                $"The request body is not valid JSON for {typeName}: {ex.Message}", ex);
        }

        return request ?? throw new LambdaSerializationException($"The request body is JSON null; expected {typeName}.");
    }
}
