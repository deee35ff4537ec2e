using System.Text;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>Checks at the public boundary, with errors that say what to change.</summary>
internal static class MqttArguments
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void RequireSupportedQos(MqttQos qos)
    {
        if (qos is not (MqttQos.AtMostOnce or MqttQos.AtLeastOnce))
        {
            throw new MqttException(
                MqttErrorCode.QosNotSupported,
                $"QoS {(int)qos} is not supported: use QoS 0 or 1 (AWS IoT Core never acknowledges QoS 2, so the call would hang).");
        }
    }

    public static void RequireTopicName(string topic)
    {
        if (topic is null || !MqttTopic.IsValidTopicName(topic) || !IsEncodable(topic))
        {
            throw new MqttException(
                MqttErrorCode.InvalidTopic,
                $"'{topic}' is not a valid topic name: it must be 1 to 65,535 UTF-8 bytes without the wildcards + and # or U+0000 [MQTT-3.3.2-2].");
        }
    }

    public static void RequireTopicFilter(string filter)
    {
        if (filter is null || !MqttTopic.IsValidTopicFilter(filter) || !IsEncodable(filter))
        {
            throw new MqttException(
                MqttErrorCode.InvalidTopic,
                $"'{filter}' is not a valid topic filter: 1 to 65,535 UTF-8 bytes; + must fill a whole level, # only the last [MQTT-4.7.1-2] [MQTT-4.7.1-3].");
        }
    }

    public static void RequirePayloadWithinLimit(int length, int limit, string topic)
    {
        if (length > limit)
        {
            throw new MqttException(
                MqttErrorCode.PayloadTooLarge,
                $"The payload for '{topic}' is {length} bytes, above MaxPayloadBytes ({limit}; AWS IoT allows 128 KB). Send less, or split it.");
        }
    }

    /// <summary>Validates the options and builds the CONNECT packet they describe.</summary>
    public static ConnectPacket CreateConnectPacket(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Endpoint, nameof(options.Endpoint));
        ArgumentNullException.ThrowIfNull(options.ClientId, nameof(options.ClientId));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        if (options.Endpoint.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"The endpoint must be a ws:// or wss:// URL, not {options.Endpoint.Scheme}://.", nameof(options));
        }

        if (!IsEncodable(options.ClientId) || (options.ClientId.Length == 0 && !options.CleanSession))
        {
            // [MQTT-3.1.3-7]: an empty client id needs a clean session.
            throw new ArgumentException("ClientId must be 0 to 65,535 UTF-8 bytes (AWS IoT: 1 to 128), and empty only with CleanSession.", nameof(options));
        }

        if (options.KeepAlive < TimeSpan.Zero || options.KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "KeepAlive must be 0 to 65,535 s (AWS IoT accepts 30 to 1,200 s).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero && options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ConnectTimeout must be positive.");
        }

        if (options.MaxInFlight is <= 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxInFlight must be 1 to 65,535 (AWS IoT allows 100).");
        }

        if (options.MaxPayloadBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxPayloadBytes must be positive.");
        }

        if (options.Password is not null && options.UserName is null)
        {
            throw new ArgumentException("A Password needs a UserName [MQTT-3.1.2-22].", nameof(options));
        }

        if (options.Will is { } will)
        {
            RequireSupportedQos(will.Qos);
            RequireTopicName(will.Topic);
            RequirePayloadWithinLimit(will.Payload.Length, Math.Min(options.MaxPayloadBytes, MqttTopic.MaxUtf8Bytes), will.Topic);
        }

        // Whole seconds on the wire, rounded up so a sub-second setting does not turn keep-alive off.
        var keepAliveSeconds = (ushort)Math.Ceiling(options.KeepAlive.TotalSeconds);
        ReadOnlyMemory<byte>? password = null;
        if (options.Password is not null)
        {
            password = Encoding.UTF8.GetBytes(options.Password);
        }

        return new ConnectPacket(options.ClientId, options.CleanSession, keepAliveSeconds, options.Will, options.UserName, password);
    }

    private static bool IsEncodable(string value)
    {
        try
        {
            return StrictUtf8.GetByteCount(value) <= MqttTopic.MaxUtf8Bytes;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
