namespace Realtime.Mqtt;

/// <summary>How and why a connection ended.</summary>
/// <param name="Reason">The reason category.</param>
/// <param name="Error">The error that ended the connection; null for a graceful client disconnect.</param>
public sealed record MqttDisconnectInfo(MqttDisconnectReason Reason, MqttException? Error);
