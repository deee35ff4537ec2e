using Realtime.TestSupport;

namespace Realtime.Mqtt.Tests.Integration;

/// <summary>
/// A broker of its own per test, with a password file (anonymous refused). SUBACK 0x80 is covered over the fake transport
/// only: Mosquitto 2.0.11's acl_file grants every SUBSCRIBE and filters at delivery instead.
/// </summary>
public sealed class MosquittoAuthTests : IAsyncLifetime
{
    private MosquittoBroker? _broker;

    private MosquittoBroker Broker => _broker!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
    {
        AllowAnonymous = false,
        Users = new Dictionary<string, string> { ["alice"] = "correct horse" },
    });

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connect_WrongPassword_ThrowsConnectionRefusedNotAuthorized()
    {
        MqttClientOptions options = Clients.Options(Broker.WebSocketUri, "auth");
        options.UserName = "alice";
        options.Password = "wrong";

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => Clients.ConnectAsync(options));

        Assert.Equal((MqttErrorCode.ConnectionRefused, MqttConnectReturnCode.NotAuthorized), (error.Code, error.ConnectReturnCode));
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_Anonymous_ThrowsConnectionRefusedNotAuthorized()
    {
        MqttException error = await Assert.ThrowsAsync<MqttException>(() => Clients.ConnectAsync(Clients.Options(Broker.WebSocketUri, "anon")));

        Assert.Equal(MqttConnectReturnCode.NotAuthorized, error.ConnectReturnCode);
    }

    [Fact]
    public async Task BrokerStops_ClientSeesConnectionLost_AndRestartOnTheSamePortAcceptsANewClient()
    {
        MqttClientOptions options = Clients.Options(Broker.WebSocketUri, "restart");
        options.UserName = "alice";
        options.Password = "correct horse";
        MqttClient client = await Clients.ConnectAsync(options);

        await Broker.StopAsync().Within();

        Assert.Equal(MqttDisconnectReason.ConnectionLost, (await client.Disconnected.Within()).Reason);
        await client.DisposeAsync();
        await Broker.RestartAsync().Within();
        await using MqttClient again = await Clients.ConnectAsync(options);
        Assert.True(again.IsConnected);
    }
}
