namespace ResponderBench;

/// <summary>What the PONG measurement through the responder executable found.</summary>
internal sealed record PongResult(Samples RoundTrips, TimeSpan CpuPerThousand, double PeakMegabytes);
