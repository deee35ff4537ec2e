using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using Realtime.Aws;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction.Configuration;
using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Transport;

/// <summary>The MQTTnet connector against a raw loopback socket that never answers the WebSocket upgrade.</summary>
public sealed class ConnectorTests
{
    [Fact]
    public async Task Connect_SendsThePresignedUrlByteForByte_WithTheMqttSubprotocol_AndTimesOutWhenTheUpgradeHangs()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        ResponderConfig config = ResponderConfig.From(new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_IOT_ENDPOINT_URL"] = $"ws://127.0.0.1:{port}/mqtt",
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_SESSION_TOKEN"] = "token/with+special=chars",
        }));
        var time = new ManualTimeProvider();
        Uri expected = IotWebSocketPresigner.Presign(config.IotEndpoint, config.Region, config.Credentials(), time.GetUtcNow(), TimeSpan.FromSeconds(60));
        var connector = new MqttNetChannelConnector(config, time);

        var stopwatch = Stopwatch.StartNew();
        Task<IChannelConnection> connect = connector.ConnectAsync(
            new ChannelConnectOptions("responder-x-00000000", TimeSpan.FromSeconds(1), (_, _) => ValueTask.CompletedTask), CancellationToken.None);
        using Socket server = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        string upgrade = await ReadHeadAsync(server);

        string[] lines = upgrade.Split("\r\n");
        string pathAndQuery = expected.OriginalString[expected.OriginalString.IndexOf("/mqtt", StringComparison.Ordinal)..];
        Assert.Equal($"GET {pathAndQuery} HTTP/1.1", lines[0]);
        Assert.Contains("%2F", pathAndQuery, StringComparison.Ordinal); // the credential scope stays percent-encoded
        Assert.Contains(lines, l => l.Equals("Sec-WebSocket-Protocol: mqtt", StringComparison.OrdinalIgnoreCase));

        // Nobody answers: the attempt ends at its own timeout as a cancellation (the session's "timed out, retry").
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Options_Mqtt311_CleanSession_KeepAliveInAwsRange_NoWill_OwnTimeout()
    {
        var url = new Uri("wss://example-ats.iot.eu-west-1.amazonaws.com/mqtt?X-Amz-Credential=AKID%2F20260101%2Feu-west-1%2Fiotdevicegateway%2Faws4_request&X-Amz-Signature=ab");
        MqttClientOptions options = MqttNetChannelConnector.CreateOptions(url, "responder-c-12345678");

        Assert.Equal(MqttProtocolVersion.V311, options.ProtocolVersion);
        Assert.True(options.CleanSession);
        Assert.Equal("responder-c-12345678", options.ClientId);
        Assert.InRange(options.KeepAlivePeriod, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1200)); // AWS IoT's range
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Null(options.WillTopic);
        var webSocket = Assert.IsType<MqttClientWebSocketOptions>(options.ChannelOptions);
        Assert.Equal(url.OriginalString, webSocket.Uri);
        Assert.Equal(["mqtt"], webSocket.SubProtocols);
    }

    [Theory]
    [InlineData(MqttClientConnectResultCode.NotAuthorized, true)]
    [InlineData(MqttClientConnectResultCode.BadUserNameOrPassword, true)]
    [InlineData(MqttClientConnectResultCode.ClientIdentifierNotValid, true)]
    [InlineData(MqttClientConnectResultCode.ServerUnavailable, false)]
    public void ConnectRefusal_IsPermanentUnlessServerUnavailable(MqttClientConnectResultCode code, bool permanent)
        => Assert.Equal(permanent, MqttNetChannelConnector.Refused(code).IsPermanent);

    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        var head = new StringBuilder();
        byte[] buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }
}
