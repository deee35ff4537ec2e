using System.Buffers;
using System.IO.Pipelines;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Packets;

public sealed class MqttPacketFramerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void TryReadPacket_ManyPacketsMergedInOneBuffer_FindsEachInOrder()
    {
        List<byte[]> packets = SamplePackets.Encoded(new Random(1), 200);
        var buffer = new ReadOnlySequence<byte>(packets.SelectMany(p => p).ToArray());

        Assert.Equal(packets.Select(p => Hex.Of(p)), Drain(new MqttPacketFramer(), ref buffer).Select(p => Hex.Of(p.ToArray())));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void TryReadPacket_PacketsSplitAcrossSegments_FindsEachInOrder(int maxChunk)
    {
        var random = new Random(maxChunk);
        List<byte[]> packets = SamplePackets.Encoded(random, 60);
        ReadOnlySequence<byte> buffer = Chunks.Sequence(Chunks.Split(packets.SelectMany(p => p).ToArray(), random, maxChunk));

        List<byte[]> found = Drain(new MqttPacketFramer(), ref buffer).Select(p => p.ToArray()).ToList();

        Assert.Equal(packets.Select(p => Hex.Of(p)), found.Select(p => Hex.Of(p)));
        Assert.All(found, p => MqttPacketDecoder.Decode(p));
    }

    [Fact]
    public void TryReadPacket_EveryTruncation_NeedsMoreBytesAndConsumesNothing()
    {
        var framer = new MqttPacketFramer();
        foreach (byte[] packet in SamplePackets.Encoded(new Random(2), 40).Where(p => p.Length < 3000))
        {
            for (int length = 0; length < packet.Length; length++)
            {
                var buffer = new ReadOnlySequence<byte>(packet, 0, length);
                Assert.False(framer.TryReadPacket(ref buffer, out _));
                Assert.Equal(length, buffer.Length);
            }
        }
    }

    [Fact]
    public void TryReadPacket_OversizedHeader_ThrowsBeforeTheBodyArrives()
    {
        var framer = new MqttPacketFramer(maxPacketSize: 1024);
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes("30 FF FF FF 7F"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        MqttException error = Assert.Throws<MqttException>(() => framer.TryReadPacket(ref buffer, out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(MqttErrorCode.ProtocolViolation, error.Code);
        Assert.Contains("exceeds the limit of 1024 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for a 5-byte header");
    }

    [Fact]
    public void TryReadPacket_PacketOfExactlyMaxSize_IsAccepted()
    {
        byte[] packet = MqttPacketEncoder.Encode(new PublishPacket("t", new byte[100]));
        var framer = new MqttPacketFramer(maxPacketSize: packet.Length);
        var buffer = new ReadOnlySequence<byte>(packet);

        Assert.True(framer.TryReadPacket(ref buffer, out _));
        var tooSmall = new MqttPacketFramer(maxPacketSize: packet.Length - 1);
        buffer = new ReadOnlySequence<byte>(packet);
        Assert.Throws<MqttException>(() => tooSmall.TryReadPacket(ref buffer, out _));
    }

    [Fact]
    public async Task ReadPacketAsync_TrickledStreamOverPipe_ReturnsEveryPacketThenNull()
    {
        var random = new Random(3);
        List<byte[]> packets = SamplePackets.Encoded(random, 100);
        var pipe = new Pipe();
        Task writer = Task.Run(async () =>
        {
            foreach (byte[] chunk in Chunks.Split(packets.SelectMany(p => p).ToArray(), random, 50))
            {
                await pipe.Writer.WriteAsync(chunk);
            }

            await pipe.Writer.CompleteAsync();
        });

        var framer = new MqttPacketFramer();
        var received = new List<string>();
        using var timeout = new CancellationTokenSource(Limit);
        while (await framer.ReadPacketAsync(pipe.Reader, timeout.Token) is { } packet)
        {
            received.Add(Hex.Of(packet));
        }

        await writer.WaitAsync(Limit);
        Assert.Equal(packets.Select(p => Hex.Of(p)), received);
    }

    [Fact]
    public async Task ReadPacketAsync_StreamEndsInsideAPacket_ThrowsProtocolViolation()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hex.Bytes("C0 00 30 07 00 03 61"));
        await pipe.Writer.CompleteAsync();
        var framer = new MqttPacketFramer();

        Assert.Equal("C000", Hex.Of(await framer.ReadPacketAsync(pipe.Reader)));
        MqttException error = await Assert.ThrowsAsync<MqttException>(async () => await framer.ReadPacketAsync(pipe.Reader));
        Assert.Equal(MqttErrorCode.ProtocolViolation, error.Code);
    }

    [Fact]
    public async Task ReadPacketAsync_OverALoopbackTcpSocket_ReadsPacketsWrittenInOddChunks()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var sender = new System.Net.Sockets.TcpClient { NoDelay = true };
        await sender.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(Limit);
        using System.Net.Sockets.TcpClient receiver = await listener.AcceptTcpClientAsync().WaitAsync(Limit);
        var random = new Random(4);
        List<byte[]> packets = SamplePackets.Encoded(random, 50);
        Task writing = Task.Run(async () =>
        {
            foreach (byte[] chunk in Chunks.Split(packets.SelectMany(p => p).ToArray(), random, 700))
            {
                await sender.GetStream().WriteAsync(chunk);
            }

            sender.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });

        PipeReader reader = PipeReader.Create(receiver.GetStream());
        var framer = new MqttPacketFramer();
        var received = new List<string>();
        using var timeout = new CancellationTokenSource(Limit);
        while (await framer.ReadPacketAsync(reader, timeout.Token) is { } packet)
        {
            received.Add(Hex.Of(MqttPacketEncoder.Encode(MqttPacketDecoder.Decode(packet))));
        }

        await writing.WaitAsync(Limit);
        Assert.Equal(packets.Select(p => Hex.Of(p)), received);
    }

    internal static List<ReadOnlySequence<byte>> Drain(MqttPacketFramer framer, ref ReadOnlySequence<byte> buffer)
    {
        var packets = new List<ReadOnlySequence<byte>>();
        while (framer.TryReadPacket(ref buffer, out ReadOnlySequence<byte> packet))
        {
            packets.Add(packet);
        }

        return packets;
    }
}
