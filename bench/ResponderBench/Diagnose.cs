namespace ResponderBench;

/// <summary>
/// `ResponderBench --frames`: the experiment behind the ~100 ms stalls (docs/responder.md): the same two-hop floor with the
/// relay writing each PUBLISH as one WebSocket frame or as two (MQTTnet's default writes header and payload separately).
/// </summary>
internal static class Diagnose
{
    /// <summary>The two-hop floor with the relay writing each PUBLISH as one or as two WebSocket frames.</summary>
    public static async Task FramesAsync(Uri endpoint, int count, CancellationToken cancellationToken)
    {
        foreach (bool fragment in new[] { false, true, false, true })
        {
            await using FloorRelay floor = await FloorRelay.StartAsync(endpoint, BenchChannel.NewId(), cancellationToken, fragmentPackets: fragment);
            Samples samples = await floor.Generator.SequentialAsync(count, cancellationToken);
            Console.WriteLine($"relay {(fragment ? "two frames per PUBLISH" : "one frame per PUBLISH")}: p50/p99 {samples.P50P99}, ≥ 90 ms: {samples.CountAtLeast(90)}, max {samples.Max:0.0} ms");
        }
    }
}
