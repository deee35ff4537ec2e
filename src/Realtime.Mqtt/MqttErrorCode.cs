namespace Realtime.Mqtt;

/// <summary>Why an <see cref="MqttException"/> was thrown.</summary>
public enum MqttErrorCode
{
    /// <summary>The broker answered CONNECT with a non-zero return code; see <see cref="MqttException.ConnectReturnCode"/>.</summary>
    ConnectionRefused,

    /// <summary>The connection dropped (transport error, broker closed it, or the client was disposed) before the operation completed.</summary>
    ConnectionLost,

    /// <summary>The peer sent bytes that are not valid MQTT 3.1.1, or a packet that is not allowed at this point.</summary>
    ProtocolViolation,

    /// <summary>The connect timeout elapsed, or the broker stopped answering keep-alive pings.</summary>
    Timeout,

    /// <summary>The broker refused a subscription (SUBACK return code 0x80).</summary>
    SubscriptionRefused,

    /// <summary>A payload is larger than <see cref="MqttClientOptions.MaxPayloadBytes"/>.</summary>
    PayloadTooLarge,

    /// <summary>QoS 2 was requested; only QoS 0 and 1 are supported.</summary>
    QosNotSupported,

    /// <summary>A topic name or topic filter is not valid MQTT.</summary>
    InvalidTopic,

    /// <summary>The client is not connected (it was disconnected or disposed).</summary>
    NotConnected,

    /// <summary>
    /// Local back-pressure: every packet identifier (65,535) is held by an unacknowledged QoS 1 PUBLISH, SUBSCRIBE or
    /// UNSUBSCRIBE; the connection is fine, retry once earlier operations complete.
    /// </summary>
    TooManyInFlight,
}
