using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>Keep-alive: the client must send something at least once per keep-alive period [MQTT-3.1.2-23].</summary>
public sealed partial class MqttClient
{
    private async Task KeepAliveLoopAsync()
    {
        TimeSpan period = _keepAlive;
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        CancellationToken token = _lifetime.Token;
        try
        {
            while (true)
            {
                // Any packet sent resets the clock, so a busy publisher never pings.
                TimeSpan idle = _time.GetElapsedTime(Volatile.Read(ref _lastSentTimestamp));
                if (idle < period)
                {
                    await Task.Delay(period - idle, _time, token).ConfigureAwait(false);
                    continue;
                }

                var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _pingResponse, pong);
                await SendPacketAsync(PingReqPacket.Instance, token).ConfigureAwait(false);
                try
                {
                    // Spec 3.1.2.10: without a PINGRESP "within a reasonable amount of time" the client closes the connection.
                    await pong.Task.WaitAsync(period, _time, token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    Terminate(new MqttDisconnectInfo(
                        MqttDisconnectReason.KeepAliveTimeout,
                        new MqttException(MqttErrorCode.Timeout, $"No PINGRESP within {period.TotalSeconds:0.###} s of a PINGREQ: the connection is dead.")));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (MqttException)
        {
            // The PINGREQ could not be sent: the connection ended, and Terminate has reported why.
        }
    }
}
