using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet.AspNetCore;
using MQTTnet.Protocol;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// An in-process MQTT-over-WebSocket broker (MQTTnet.Server behind Kestrel) that accepts connections and refuses every
/// subscription with SUBACK 0x80, as AWS IoT Core does for a topic filter the policy does not allow. Mosquitto 2.0's acl_file
/// does not check subscriptions at all, so it cannot show this.
/// </summary>
internal sealed class RefusingBroker : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _subscribeAttempts;

    private RefusingBroker(WebApplication app) => _app = app;

    public Uri WebSocketUri { get; private set; } = null!;

    /// <summary>SUBSCRIBE packets refused so far.</summary>
    public int SubscribeAttempts => Volatile.Read(ref _subscribeAttempts);

    public static async Task<RefusingBroker> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHostedMqttServer(options => options.WithoutDefaultEndpoint());
        builder.Services.AddMqttConnectionHandler();
        builder.Services.AddConnections();
        WebApplication app = builder.Build();
        var broker = new RefusingBroker(app);
        app.UseRouting();
        app.MapMqtt("/mqtt");
        app.UseMqttServer(server => server.InterceptingSubscriptionAsync += args =>
        {
            Interlocked.Increment(ref broker._subscribeAttempts);
            args.Response.ReasonCode = MqttSubscribeReasonCode.UnspecifiedError; // 0x80 in MQTT 3.1.1
            args.ProcessSubscription = false;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        string address = app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal);
        broker.WebSocketUri = new Uri($"{address}/mqtt");
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
