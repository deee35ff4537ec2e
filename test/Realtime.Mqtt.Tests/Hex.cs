namespace Realtime.Mqtt.Tests;

/// <summary>Readable byte literals for expected packet bytes: <c>Hex.Bytes("30 07 00 03")</c>.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
