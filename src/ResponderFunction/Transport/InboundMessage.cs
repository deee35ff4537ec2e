namespace ResponderFunction.Transport;

/// <summary>One incoming PUBLISH as the session sees it.</summary>
/// <param name="Topic">The topic it was published on.</param>
/// <param name="Payload">A copy of the payload that the session owns (the MQTT client may reuse its buffers).</param>
/// <param name="AtMostOnce">True for QoS 0: the broker does not wait for an acknowledgement, so it cannot be held back.</param>
internal readonly record struct InboundMessage(string Topic, ReadOnlyMemory<byte> Payload, bool AtMostOnce);
