using System.Text;

namespace Realtime.Aws.Tests;

/// <summary>Seeded random round-trips: our encoder against the runtime's RFC 3986 encoder and decoder.</summary>
public sealed class UriEncoderPropertyTests
{
    private const int Iterations = 2000;

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        int length = random.Next(0, 24);
        for (int i = 0; i < length; i++)
        {
            switch (random.Next(4))
            {
                case 0: builder.Append((char)random.Next(0x20, 0x7F)); break;
                case 1: builder.Append("/%+=&?~ "[random.Next(8)]); break;
                case 2: builder.Append((char)random.Next(0xA0, 0xD7FF)); break;
                default: builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF))); break;
            }
        }
        return builder.ToString();
    }

    [Fact]
    public void Encode_EqualsUriEscapeDataString_AndRoundTrips()
    {
        var random = new Random(20150830);
        for (int i = 0; i < Iterations; i++)
        {
            string text = RandomText(random);

            string encoded = UriEncoder.Encode(text);

            Assert.Equal(Uri.EscapeDataString(text), encoded);
            Assert.Equal(text, Uri.UnescapeDataString(encoded));
        }
    }

    [Fact]
    public void Encode_PathMode_KeepsSlashesOnly()
    {
        var random = new Random(42);
        for (int i = 0; i < Iterations; i++)
        {
            string text = RandomText(random);

            string encoded = UriEncoder.Encode(text, keepSlash: true);

            Assert.Equal(string.Join('/', text.Split('/').Select(Uri.EscapeDataString)), encoded);
        }
    }

    [Fact]
    public void ParseQuery_OfEncodedPairs_ReturnsThePairs()
    {
        var random = new Random(7);
        for (int i = 0; i < Iterations / 10; i++)
        {
            var pairs = Enumerable.Range(0, random.Next(1, 5)).Select(_ => new KeyValuePair<string, string>(RandomText(random) + "k", RandomText(random))).ToList();
            string raw = string.Join('&', pairs.Select(p => $"{UriEncoder.Encode(p.Key)}={UriEncoder.Encode(p.Value)}"));

            Assert.Equal(pairs, SigV4Request.ParseQuery(raw));
        }
    }

    [Theory]
    [InlineData("/example/..", "/")]
    [InlineData("/example1/example2/../..", "/")]
    [InlineData("/./", "/")]
    [InlineData("//example//", "/example/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("", "/")]
    [InlineData("/mqtt", "/mqtt")]
    public void NormalizePath_RemovesDotSegmentsAndEmptySegments(string path, string expected)
    {
        Assert.Equal(expected, SigV4Canonicalizer.NormalizePath(path));
    }
}
