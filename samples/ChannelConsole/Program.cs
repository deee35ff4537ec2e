using System.Diagnostics;
using System.Text.Json;
using Realtime.Client;

// A channel from the console: every line you type is a request, its reply is printed with the round trip time.
//   dotnet run --project samples/ChannelConsole -- <session api url> [--count N]
// <session api url>: the local cloud's Session API (./build.sh run prints it, e.g. http://127.0.0.1:3000/) or the
// stack's SessionUrl output. --count N sends N requests one second apart and closes, instead of reading lines.
if (args.Length is not (1 or 3) || !Uri.TryCreate(args[0], UriKind.Absolute, out Uri? sessionUrl)
    || (args.Length == 3 && (args[1] != "--count" || !int.TryParse(args[2], out _))))
{
    Console.Error.WriteLine("usage: ChannelConsole <session api url> [--count N]");
    return 2;
}

int? count = args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

ChannelClient channel;
try
{
    channel = await ChannelClient.OpenAsync(sessionUrl, cancellationToken: stop.Token);
}
catch (Exception e) when (e is SessionApiException or TimeoutException or HttpRequestException or OperationCanceledException)
{
    Console.Error.WriteLine($"could not open a channel: {e.Message}");
    return 1;
}

await using (channel)
{
    channel.Changed += e => Console.WriteLine($"[{e.Kind.ToString().ToLowerInvariant()}] state {e.State}{(e.Reason is null ? "" : $": {e.Reason}")}");
    Console.WriteLine($"channel {channel.ChannelId} is ready; {(count is null ? "type a line to send it, an empty line or Ctrl+D to leave" : $"sending {count} requests")}");
    try
    {
        for (int n = 0; count is null || n < count; n++)
        {
            string? text = count is null ? await Console.In.ReadLineAsync(stop.Token) : $"ping {n + 1}";
            if (string.IsNullOrEmpty(text))
            {
                break;
            }

            var watch = Stopwatch.StartNew();
            JsonElement reply = await channel.RequestAsync($"{{\"text\":{JsonSerializer.Serialize(text, SampleJson.Default.String)}}}", cancellationToken: stop.Token);
            Console.WriteLine($"reply in {watch.ElapsedMilliseconds} ms: {reply.GetRawText()}");
            if (count is not null && n + 1 < count)
            {
                await Task.Delay(1000, stop.Token);
            }
        }
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C: leave politely below.
    }
    catch (Exception e) when (e is TimeoutException or ChannelClosedException)
    {
        Console.Error.WriteLine($"request failed: {e.Message}");
    }

    Console.WriteLine("leaving (bye)");
}

return 0;
