namespace Realtime.Mqtt;

/// <summary>Settings of one <see cref="MqttClient"/> connection. The client copies what it needs when it connects, so
/// changing an options object afterwards does not affect an open connection.</summary>
public sealed class MqttClientOptions
{
    /// <summary>The AWS IoT Core payload limit: 128 KB.</summary>
    public const int DefaultMaxPayloadBytes = 131_072;

    /// <summary>WebSocket endpoint, <c>wss://host/mqtt</c> (presigned for AWS IoT) or <c>ws://127.0.0.1:port/mqtt</c>.</summary>
    public required Uri Endpoint { get; set; }

    /// <summary>Client identifier (AWS IoT: at most 128 bytes; a second connection with the same id drops the first).</summary>
    public required string ClientId { get; set; }

    /// <summary>Whether the broker discards earlier session state on connect (default true).</summary>
    public bool CleanSession { get; set; } = true;

    /// <summary>Keep-alive period (default 30 s; AWS IoT accepts 30..1200 s). <see cref="TimeSpan.Zero"/> turns pings off.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Optional will, published by the broker if the connection ends without DISCONNECT.</summary>
    public MqttWill? Will { get; set; }

    /// <summary>Optional user name.</summary>
    public string? UserName { get; set; }

    /// <summary>Optional password; requires <see cref="UserName"/>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Extra HTTP headers sent with the WebSocket upgrade request.</summary>
    public IReadOnlyDictionary<string, string>? RequestHeaders { get; set; }

    /// <summary>Time allowed for the WebSocket handshake plus CONNECT/CONNACK (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest payload sent or accepted (default 128 KB, the AWS IoT limit).</summary>
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>AWS IoT Core's limit on unacknowledged QoS 1 messages per connection: 100.</summary>
    public const int DefaultMaxInFlight = 100;

    /// <summary>
    /// Most QoS 1 PUBLISHes awaiting PUBACK at once (default 100, AWS IoT's limit; 1..65,535). A QoS 1
    /// <see cref="MqttClient.PublishAsync"/> beyond it waits for an earlier PUBACK instead of failing.
    /// </summary>
    public int MaxInFlight { get; set; } = DefaultMaxInFlight;

    /// <summary>Clock for keep-alive and timeouts; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Called for each incoming PUBLISH, one at a time, in arrival order, on a dispatch loop separate from the receive loop
    /// (it may await <see cref="MqttClient.PublishAsync"/>). The PUBACK of a QoS 1 message is sent after it returns.
    /// Its token is cancelled when the connection ends; honour it: <see cref="MqttClient.DisposeAsync"/> waits for a running handler.
    /// </summary>
    public Func<MqttMessage, CancellationToken, ValueTask>? MessageHandler { get; set; }
}
