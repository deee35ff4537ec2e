namespace Realtime.Mqtt.Tests;

/// <summary>Bounded waits for a condition or a task: tests never sleep to synchronise.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Limit.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(5);
        }
    }

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit);

    public static Task Within(this Task task) => task.WaitAsync(Limit);
}
