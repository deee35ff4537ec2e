namespace ResponderBench;

/// <summary>Channel ids for the benchmark's channels: random, so runs and contenders never share topics.</summary>
internal static class BenchChannel
{
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
}
