namespace Realtime.Mqtt;

/// <summary>MQTT quality of service levels (MQTT 3.1.1 section 4.3).</summary>
public enum MqttQos : byte
{
    /// <summary>Fire and forget: delivered at most once, no acknowledgement.</summary>
    AtMostOnce = 0,

    /// <summary>Acknowledged with PUBACK: delivered at least once.</summary>
    AtLeastOnce = 1,

    /// <summary>Four-step handshake. Not supported by this client nor by AWS IoT Core; refused before sending.</summary>
    ExactlyOnce = 2,
}
