using System.Net;
using System.Net.Sockets;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// One MQTT-over-WebSocket connection whose presigned URL was verified: who signed it, the client id once CONNECT was
/// accepted, its in-flight window and why it ended. MQTTnet carries it as the channel's remote end point, so every server hook
/// knows exactly which connection (and whose rights) a packet belongs to.
/// </summary>
internal sealed class IotConnection(IssuedCredentials identity, EndPoint? remote, long number) : EndPoint
{
    private readonly Dictionary<ushort, MQTTnet.Protocol.MqttQualityOfServiceLevel[]> _subscribes = [];
    private string? _closeReason;

    public IssuedCredentials Identity { get; } = identity;

    /// <summary>Numbers connections in the log, so that two with the same client id (a takeover) can be told apart.</summary>
    public long Number { get; } = number;

    /// <summary>The accepted CONNECT's client id; empty before.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client's CONNECT packet, once received (for the will).</summary>
    public MQTTnet.Packets.MqttConnectPacket? Connect { get; set; }

    /// <summary>QoS 1 deliveries to this client without a PUBACK yet.</summary>
    public InFlightWindow InFlight { get; } = new(IotLimits.MaxInFlight);

    /// <summary>The first reason given for ending the connection (a refusal, a protocol error), if any.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    public override AddressFamily AddressFamily => remote?.AddressFamily ?? AddressFamily.Unspecified;

    public void SetCloseReason(string reason) => Interlocked.CompareExchange(ref _closeReason, reason, null);

    /// <summary>Remembers the QoS each filter of a SUBSCRIBE asked for, to put its SUBACK codes back in order.</summary>
    public void RememberSubscribe(ushort packetId, MQTTnet.Protocol.MqttQualityOfServiceLevel[] requested)
    {
        lock (_subscribes)
        {
            _subscribes[packetId] = requested;
        }
    }

    public MQTTnet.Protocol.MqttQualityOfServiceLevel[]? TakeSubscribe(ushort packetId)
    {
        lock (_subscribes)
        {
            return _subscribes.Remove(packetId, out var requested) ? requested : null;
        }
    }

    /// <summary>For the log: the connection's number, client id and principal (never a key or token).</summary>
    public override string ToString() => $"#{Number} '{ClientId}' ({Identity.PrincipalArn})";
}
