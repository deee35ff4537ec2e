using MQTTnet.Protocol;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// MQTTnet.Server 5.2 handles a SUBSCRIBE's filters sorted by requested QoS, highest first, and writes the SUBACK codes in that
/// order; MQTT requires the order of the SUBSCRIBE [MQTT-3.9.3-1]. With mixed QoS (and a refused filter in between) a client
/// would read the wrong code for a filter. This puts the codes back.
/// </summary>
internal static class SubAckOrder
{
    public static List<MqttSubscribeReasonCode> Restore(IReadOnlyList<MqttQualityOfServiceLevel> requested, List<MqttSubscribeReasonCode> sorted)
    {
        if (requested.Count != sorted.Count)
        {
            return sorted;
        }

        // The same stable sort MQTTnet uses (OrderByDescending keeps equal keys in their original order).
        int[] order = [.. Enumerable.Range(0, requested.Count).OrderByDescending(i => requested[i])];
        var restored = new MqttSubscribeReasonCode[sorted.Count];
        for (int k = 0; k < order.Length; k++)
        {
            restored[order[k]] = sorted[k];
        }

        return [.. restored];
    }
}
