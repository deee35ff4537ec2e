namespace Realtime.Lambda;

/// <summary>The Runtime API answered something the runtime cannot use (bad status, missing or malformed header).</summary>
internal sealed class RuntimeApiException : Exception
{
    public RuntimeApiException(string message)
        : base(message)
    {
    }
}
