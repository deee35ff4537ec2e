namespace MqttBench;

/// <summary>Bounds for every wait, so a lost message fails the run instead of hanging it.</summary>
internal static class Limits
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    /// <summary>Takes one count from <paramref name="signal"/> or throws after <see cref="Step"/>.</summary>
    public static async Task TakeAsync(this SemaphoreSlim signal)
    {
        if (!await signal.WaitAsync(Step))
        {
            throw new TimeoutException($"Nothing arrived within {Step.TotalSeconds} s: a message was lost or the broker stalled.");
        }
    }
}
