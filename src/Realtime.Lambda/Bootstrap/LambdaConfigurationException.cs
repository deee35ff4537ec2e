namespace Realtime.Lambda;

/// <summary>A missing or invalid setting; the message names the variable and says what is expected.</summary>
/// <remarks>Thrown from a function's initialize callback, it becomes the init error Lambda shows.</remarks>
public sealed class LambdaConfigurationException : Exception
{
    /// <summary>Creates the exception with a message that names the variable.</summary>
    public LambdaConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the variable, and its cause.</summary>
    public LambdaConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
