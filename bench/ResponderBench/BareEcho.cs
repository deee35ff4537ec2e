using System.Buffers;

namespace ResponderBench;

/// <summary>
/// The ceiling: a bare MQTTnet echo with no session logic, run as its own process (<c>ResponderBench --echo url channel</c>)
/// so its CPU time is measured like the other responders'. Subscribes to the request topic, says ready, and answers every
/// request with a fixed pong (QoS 1, PUBACK not awaited) until stdin closes.
/// </summary>
internal static class BareEcho
{
    public static async Task<int> RunAsync(Uri endpoint, string channelId)
    {
        string request = $"foobar/{channelId}/request";
        string response = $"foobar/{channelId}/response";
        byte[] pong = """{"type":"pong","message":"PONG"}"""u8.ToArray();
        BenchClient? client = null;
        using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        client = await BenchClient.ConnectAsync(endpoint, $"echo-{channelId}", (_, _) =>
        {
            client!.Publish(response, pong);
            return Task.CompletedTask;
        }, connect.Token);
        await client.SubscribeAsync(request, connect.Token);
        await client.PublishAndWaitAsync(response, """{"type":"ready"}"""u8.ToArray(), connect.Token);

        // The bench ends the echo by closing its stdin (or killing it).
        await Console.In.ReadToEndAsync();
        await client.DisposeAsync();
        return 0;
    }
}
