namespace Realtime.Client;

/// <summary>The channel is closed (by the app, or because it could not be kept); pending requests end with this.</summary>
public sealed class ChannelClosedException : Exception
{
    /// <summary>Creates the exception with the reason the channel closed.</summary>
    public ChannelClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ChannelClosedException()
        : base("The channel is closed.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ChannelClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
