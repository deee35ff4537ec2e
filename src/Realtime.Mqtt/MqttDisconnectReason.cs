namespace Realtime.Mqtt;

/// <summary>Why a connection ended.</summary>
public enum MqttDisconnectReason
{
    /// <summary>The application called <see cref="MqttClient.DisconnectAsync"/> or disposed the client.</summary>
    ClientDisconnected,

    /// <summary>The transport failed or the broker closed the connection (e.g. another client connected with the same client id).</summary>
    ConnectionLost,

    /// <summary>No PINGRESP arrived within the keep-alive period after a PINGREQ.</summary>
    KeepAliveTimeout,

    /// <summary>The broker sent malformed or unexpected data; the client closed the connection.</summary>
    ProtocolViolation,
}
