namespace Realtime.Lambda;

/// <summary>The request body could not be turned into the handler's request type; reported as an invocation error.</summary>
internal sealed class LambdaSerializationException : Exception
{
    public LambdaSerializationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
