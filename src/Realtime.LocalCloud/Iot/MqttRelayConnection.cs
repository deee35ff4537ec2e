using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Realtime.LocalCloud.Iam;
using Realtime.Mqtt;
using Realtime.Mqtt.Packets;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// One client's MQTT-over-WebSocket connection, relayed to the private broker over TCP with the IAM rights of the SigV4
/// credentials that opened it. Both directions are framed into whole packets (a WebSocket message may hold several packets
/// or part of one [MQTT-6.0.0-2]) and inspected: the client id on CONNECT (iot:Connect), the will topic (iot:Publish),
/// SUBSCRIBE filters (iot:Subscribe, refused ones get SUBACK 0x80), PUBLISH topics (iot:Publish, a refusal closes the
/// connection as AWS does) and deliveries (iot:Receive, refused ones are dropped). Each packet goes to the client as one
/// binary WebSocket message, as AWS sends them.
/// Concurrency: one task reads each side; writes to each side are serialised by a semaphore.
/// </summary>
internal sealed partial class MqttRelayConnection
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _client;
    private readonly IssuedCredentials _identity;
    private readonly IotContext _iot;
    private readonly MqttPacketFramer _framer = new(IotContext.MaxPacketSize);
    private readonly SemaphoreSlim _clientSend = new(1, 1);
    private readonly SemaphoreSlim _brokerSend = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private NetworkStream? _broker;
    private string _clientId = "";
    private MqttWill? _will;
    private bool _accepted;
    private bool _cleanDisconnect;
    private string? _closeReason;

    public MqttRelayConnection(WebSocket client, IssuedCredentials identity, IotContext iot)
    {
        _client = client;
        _identity = identity;
        _iot = iot;
    }

    private Rights Rights => _identity.Rights;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        using var tcp = new TcpClient { NoDelay = true };
        Task receive = Task.CompletedTask;
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, _iot.BrokerPort, linked.Token).ConfigureAwait(false);
            _broker = tcp.GetStream();
            var pipe = new Pipe();
            // The WebSocket reader only stops for the caller (shutdown, request aborted): cancelling a WebSocket receive
            // aborts the socket, and a reset could overtake the last packets (e.g. a refusing CONNACK) on their way out.
            receive = ReceiveWebSocketAsync(pipe.Writer, cancellationToken);
            // A client that opens the WebSocket but never sends CONNECT is dropped, as brokers do.
            using ITimer connectTimer = _iot.Time.CreateTimer(
                _ => { if (_clientId.Length == 0) { Refuse($"no CONNECT within {ConnectTimeout.TotalSeconds:F0} s"); } },
                null, ConnectTimeout, Timeout.InfiniteTimeSpan);
            Task fromClient = PumpAsync(pipe.Reader, OnClientPacketAsync, "client", linked.Token);
            Task fromBroker = PumpAsync(PipeReader.Create(_broker), OnBrokerPacketAsync, "broker", linked.Token);
            await Task.WhenAny(receive, fromClient, fromBroker).ConfigureAwait(false);
            await _closing.CancelAsync().ConfigureAwait(false);
            tcp.Close();
            await Task.WhenAll(fromClient, fromBroker).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            _closeReason ??= e.Message;
        }
        catch (Exception e)
        {
            _closeReason ??= $"relay error: {e.GetType().Name}: {e.Message}";
            _iot.Log.Write("iot", $"connection {Describe()}: unexpected relay error, closing: {e}");
        }
        finally
        {
            await CloseClientAsync(receive).ConfigureAwait(false);
            OnEnded();
        }
    }

    private void OnEnded()
    {
        _iot.Log.Write("iot", $"connection {Describe()} closed{(_closeReason is null ? "" : $": {_closeReason}")}");

        // The broker publishes the will when the TCP side drops without DISCONNECT; the rules engine sees it too.
        if (_accepted && !_cleanDisconnect && _will is { } will)
        {
            _iot.Rules.OnMessage(will.Topic, will.Payload, _clientId);
        }
    }

    private string Describe() => $"'{_clientId}' ({_identity.PrincipalArn})";

    /// <summary>
    /// Copies WebSocket binary messages into the pipe (the pump frames packets out of it) until the client closes; once the
    /// relay has stopped forwarding it keeps reading, discarding, so that the client's Close frame completes the handshake.
    /// </summary>
    private async Task ReceiveWebSocketAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        bool forwarding = true;
        byte[] discard = [];
        try
        {
            while (true)
            {
                if (forwarding && _closing.IsCancellationRequested)
                {
                    forwarding = false;
                    await writer.CompleteAsync().ConfigureAwait(false);
                }

                Memory<byte> memory = forwarding ? writer.GetMemory(4096) : (discard = discard.Length > 0 ? discard : new byte[4096]);
                ValueWebSocketReceiveResult result = await _client.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closeReason ??= "the client closed the WebSocket";
                    break;
                }

                if (!forwarding)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    _closeReason ??= "text WebSocket frames are not MQTT (use binary frames)";
                    break;
                }

                writer.Advance(result.Count);
                FlushResult flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    forwarding = false;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            _closeReason ??= e is OperationCanceledException ? null : "the WebSocket dropped";
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(PipeReader reader, Func<byte[], CancellationToken, Task<bool>> onPacket, string side, CancellationToken cancellationToken)
    {
        try
        {
            while (await _framer.ReadPacketAsync(reader, cancellationToken).ConfigureAwait(false) is { } packet)
            {
                if (!await onPacket(packet, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            _closeReason ??= side == "broker" ? "the broker closed the connection" : "the client closed the connection";
        }
        catch (MqttException e)
        {
            _closeReason ??= $"{side} protocol violation: {e.Message}";
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or WebSocketException or SocketException)
        {
            _closeReason ??= e is OperationCanceledException ? null : $"{side} connection lost";
        }
        catch (Exception e)
        {
            // A relay bug, not the client: say so (with the cause) instead of letting the client's Close answer be blamed.
            _closeReason ??= $"relay error on a {side} packet: {e.GetType().Name}: {e.Message}";
            _iot.Log.Write("iot", $"connection {Describe()}: unexpected relay error on a {side} packet, closing: {e}");
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task SendToClientAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        await _clientSend.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _client.SendAsync(packet, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _clientSend.Release();
        }
    }

    private async Task SendToBrokerAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        await _brokerSend.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _broker!.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _brokerSend.Release();
        }
    }

    /// <summary>Ends the connection because of a policy or protocol decision; returns false so the pump stops.</summary>
    private bool Refuse(string reason)
    {
        _closeReason ??= reason;
        _iot.Log.Write("iot", $"connection {Describe()}: {reason}");
        _closing.Cancel();
        return false;
    }

    /// <summary>Sends the WebSocket Close (after any last packet), waits briefly for the client's, then lets go.</summary>
    private async Task CloseClientAsync(Task receive)
    {
        try
        {
            if (_client.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _clientSend.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await _client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _clientSend.Release();
                }
            }

            await receive.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or TimeoutException)
        {
            // The client is gone or did not answer the close: give up on it.
            _client.Abort();
        }
    }
}
