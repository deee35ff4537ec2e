namespace Realtime.Lambda.TestUtilities;

/// <summary>One message captured by <see cref="TestLambdaLogger"/>.</summary>
/// <param name="Level">The level it was logged at.</param>
/// <param name="Message">The message text.</param>
public sealed record TestLogEntry(LambdaLogLevel Level, string Message);
