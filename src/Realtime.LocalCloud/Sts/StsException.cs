namespace Realtime.LocalCloud.Sts;

/// <summary>An STS error answer: HTTP status, AWS error code and a message that says what to change.</summary>
internal sealed class StsException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
