using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Realtime.LocalCloud.Functions;

/// <summary>The CPU architecture an executable is built for, named as in a template's <c>Architectures</c>.</summary>
internal sealed record ExecutableArchitecture(string TemplateName)
{
    public static readonly ExecutableArchitecture X64 = new("x86_64");
    public static readonly ExecutableArchitecture Arm64 = new("arm64");

    /// <summary>This machine's architecture.</summary>
    public static ExecutableArchitecture Host { get; } = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? Arm64 : X64;

    /// <summary>
    /// Reads e_machine from an ELF header (offset 18, little-endian: 0x3E x86-64, 0xB7 AArch64); anything else (a script,
    /// another format) is taken to run on this machine.
    /// </summary>
    public static ExecutableArchitecture Of(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using (FileStream file = File.OpenRead(path))
        {
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return Host;
            }
        }

        return FromElfHeader(header);
    }

    /// <summary>The architecture named by an ELF header's first 20 bytes; <see cref="Host"/> for anything that is not ELF.</summary>
    internal static ExecutableArchitecture FromElfHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < 20 || !header[..4].SequenceEqual("\u007fELF"u8))
        {
            return Host;
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(header[18..]) switch
        {
            0x3E => X64,
            0xB7 => Arm64,
            _ => Host,
        };
    }
}
