namespace Realtime.Mqtt;

/// <summary>CONNACK return codes (MQTT 3.1.1 section 3.2.2.3).</summary>
public enum MqttConnectReturnCode : byte
{
    /// <summary>Connection accepted.</summary>
    Accepted = 0,

    /// <summary>The broker does not support MQTT 3.1.1 (protocol level 4).</summary>
    UnacceptableProtocolVersion = 1,

    /// <summary>The client identifier is well-formed UTF-8 but not allowed by the broker.</summary>
    IdentifierRejected = 2,

    /// <summary>The network connection was made but the MQTT service is unavailable.</summary>
    ServerUnavailable = 3,

    /// <summary>The user name or password is malformed or wrong.</summary>
    BadUserNameOrPassword = 4,

    /// <summary>The client is not authorized to connect.</summary>
    NotAuthorized = 5,
}
