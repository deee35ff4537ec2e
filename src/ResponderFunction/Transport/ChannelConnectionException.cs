namespace ResponderFunction.Transport;

/// <summary>A connection could not be made or was lost; the one error type of the transport seam.</summary>
internal sealed class ChannelConnectionException : Exception
{
    public ChannelConnectionException(string message, bool isPermanent, Exception? innerException = null)
        : base(message, innerException)
    {
        IsPermanent = isPermanent;
    }

    /// <summary>True when retrying cannot help (not authorized, subscription refused); false for drops and timeouts.</summary>
    public bool IsPermanent { get; }
}
