using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace ResponderFunction.Transport;

/// <summary>
/// Builds MQTTnet's own channel adapter as its default factory does, around a <see cref="CoalescingWebSocketChannel"/>
/// over MQTTnet's WebSocket channel: the packet framing, errors and timeouts stay MQTTnet's. One factory per client, so
/// the connection can reach the channel its client writes to.
/// </summary>
internal sealed class CoalescingClientAdapterFactory : IMqttClientAdapterFactory
{
    /// <summary>The channel of the client's latest connect; null before the first.</summary>
    public CoalescingWebSocketChannel? Channel { get; private set; }

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        if (options.ChannelOptions is not MqttClientWebSocketOptions webSocketOptions)
        {
            throw new NotSupportedException("The responder connects over WebSocket only.");
        }

        var channel = new CoalescingWebSocketChannel(new MqttWebSocketChannel(webSocketOptions));
        Channel = channel;
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(channel, formatter, logger)
        {
            // MQTTnet writes a PUBLISH's header and payload as two writes when fragmentation is allowed (its default), else it
            // first joins them into a new array; the channel copies both into the same frame either way.
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
