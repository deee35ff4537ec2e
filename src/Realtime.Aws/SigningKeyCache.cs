namespace Realtime.Aws;

/// <summary>
/// Remembers the last derived signing key. The key depends only on (secret, date, region, service),
/// so a function that presigns for one region and service with the same credentials derives it once a day
/// instead of four HMACs per URL. Thread-safe: the entry is immutable and swapped as a whole.
/// </summary>
internal sealed class SigningKeyCache
{
    private sealed record Entry(string Secret, string Date, string Region, string Service, byte[] Key);

    private Entry? _entry;

    /// <summary>The process-wide cache the signer and the IoT presigner share.</summary>
    public static SigningKeyCache Shared { get; } = new();

    public void GetKey(string secretAccessKey, ReadOnlySpan<char> date, string region, string service, Span<byte> destination)
    {
        Entry? entry = Volatile.Read(ref _entry);
        if (entry is not null
            && string.Equals(entry.Secret, secretAccessKey, StringComparison.Ordinal)
            && date.SequenceEqual(entry.Date)
            && string.Equals(entry.Region, region, StringComparison.Ordinal)
            && string.Equals(entry.Service, service, StringComparison.Ordinal))
        {
            entry.Key.CopyTo(destination);
            return;
        }
        SigV4Crypto.DeriveSigningKey(secretAccessKey, date, region, service, destination);
        Volatile.Write(ref _entry, new Entry(secretAccessKey, date.ToString(), region, service, destination.ToArray()));
    }
}
