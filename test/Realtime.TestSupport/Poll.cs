using System.Diagnostics;
using System.Globalization;

namespace Realtime.TestSupport;

/// <summary>Waits, within a time limit, for a state that another process, thread or connection brings about.</summary>
public static class Poll
{
    // Short enough not to slow a test down noticeably, long enough not to busy a core the system under test needs.
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; after <paramref name="limit"/> throws a <see cref="TimeoutException"/>
    /// that names <paramref name="what"/> was awaited, followed by <paramref name="details"/> (evaluated then) when given.
    /// </summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan limit, string what, Func<string>? details = null) =>
        UntilAsync(() => Task.FromResult(condition()), limit, what, details);

    /// <summary>The same for a condition that has to be awaited.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, Func<string>? details = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (waited.Elapsed >= limit)
            {
                string seconds = limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
                string more = details is null ? "" : Environment.NewLine + details();
                throw new TimeoutException($"not within {seconds} s: {what}{more}");
            }

            await Task.Delay(s_interval).ConfigureAwait(false);
        }
    }
}
