using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Realtime.Aws;

/// <summary>Hashing, HMAC and key derivation on spans, so signing allocates only its final strings.</summary>
internal static class SigV4Crypto
{
    public const int HashSize = 32;
    public const int HexSize = 64;
    private const int StackLimit = 1024;

    /// <summary>Writes the lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static void Sha256Hex(ReadOnlySpan<char> text, Span<char> hex)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = maxBytes > StackLimit ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        Span<byte> hash = stackalloc byte[HashSize];
        try
        {
            int count = Encoding.UTF8.GetBytes(text, buffer);
            SHA256.HashData(buffer[..count], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        ToHexLower(hash, hex);
    }

    /// <summary>HMAC-SHA256 of the UTF-8 bytes of <paramref name="text"/> under <paramref name="key"/>.</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<byte> destination)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = maxBytes > StackLimit ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        try
        {
            int count = Encoding.UTF8.GetBytes(text, buffer);
            HMACSHA256.HashData(key, buffer[..count], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    /// </summary>
    public static void DeriveSigningKey(string secretAccessKey, ReadOnlySpan<char> date, string region, string service, Span<byte> destination)
    {
        int secretBytes = Encoding.UTF8.GetMaxByteCount(secretAccessKey.Length) + 4;
        byte[]? rented = secretBytes > StackLimit ? ArrayPool<byte>.Shared.Rent(secretBytes) : null;
        Span<byte> secret = rented ?? stackalloc byte[StackLimit];
        Span<byte> key = stackalloc byte[HashSize];
        try
        {
            "AWS4"u8.CopyTo(secret);
            int length = 4 + Encoding.UTF8.GetBytes(secretAccessKey, secret[4..]);
            Hmac(secret[..length], date, key);
            Hmac(key, region, key);
            Hmac(key, service, key);
            Hmac(key, "aws4_request", destination);
        }
        finally
        {
            // The kSecret bytes are as sensitive as the secret itself.
            CryptographicOperations.ZeroMemory(secret);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes the hex signature: HMAC(signingKey, stringToSign).</summary>
    public static void SignatureHex(ReadOnlySpan<byte> signingKey, ReadOnlySpan<char> stringToSign, Span<char> hex)
    {
        Span<byte> mac = stackalloc byte[HashSize];
        Hmac(signingKey, stringToSign, mac);
        ToHexLower(mac, hex);
    }

    /// <summary>Compares two hex signatures in time that depends only on their lengths.</summary>
    public static bool FixedTimeEquals(ReadOnlySpan<char> expected, ReadOnlySpan<char> actual) =>
        CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual));

    private static void ToHexLower(ReadOnlySpan<byte> bytes, Span<char> hex)
    {
        bool ok = Convert.TryToHexStringLower(bytes, hex, out int written);
        System.Diagnostics.Debug.Assert(ok && written == bytes.Length * 2);
    }
}
