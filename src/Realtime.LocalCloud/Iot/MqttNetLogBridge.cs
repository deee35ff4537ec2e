using System.Globalization;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Exceptions;
using Realtime.LocalCloud.Hosting;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// MQTTnet's errors into the local log as "[iot] MQTTnet …" lines. A protocol error a client caused (malformed packet, dropped
/// socket) is one short line, and so is an ObjectDisposedException: MQTTnet.Server 5.2's send loop can meet its session already
/// disposed when a connection is taken over or torn down (the connection is ending anyway). Any other exception is an
/// "unexpected MQTTnet error" with its stack, since it points at a bug.
/// Warnings and chatter are left out: the authorizer logs each connection's end with its reason.
/// </summary>
internal sealed class MqttNetLogBridge(LocalLog log) : IMqttNetLogger
{
    /// <summary>The marker of errors that are not the client's fault (tests look for it).</summary>
    public const string UnexpectedMarker = "unexpected MQTTnet error";

    public bool IsEnabled => true;

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        if (level != MqttNetLogLevel.Error)
        {
            return;
        }

        string text = parameters is { Length: > 0 } ? Format(message, parameters) : message;
        if (exception is null or MqttProtocolViolationException or MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            log.Write("iot", $"MQTTnet {source}: {text}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
        }
        else
        {
            log.Write("iot", $"{UnexpectedMarker} in {source}: {text}: {exception}");
        }
    }

    private static string Format(string message, object[] parameters)
    {
        try
        {
            return string.Format(CultureInfo.InvariantCulture, message, parameters);
        }
        catch (FormatException)
        {
            return message;
        }
    }
}
