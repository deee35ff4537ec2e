namespace Realtime.Client;

/// <summary>
/// How the client asks for a responder. When it knows there is none (first open, after a <c>bye</c>, after the ready time
/// limit passed) it says <c>hello</c> and triggers at once. When it only doubts (its own reconnect, a stall) the responder
/// is most likely still there: it says <c>hello</c> alone and waits <c>window</c> for a <c>ready</c> first. A trigger sent
/// while a survivor still holds the lease would wait for it and, should the survivor leave meanwhile, start a spare
/// responder that idles with nobody there; and each trigger is a function invocation.
/// </summary>
internal static class HelloWindow
{
    /// <summary>
    /// Says hello (and, unless a ready comes within <paramref name="window"/>, triggers). A zero or negative window triggers
    /// at once, with the hello right before the trigger. Returns true when the trigger was published.
    /// </summary>
    /// <param name="window">How long a ready may take before the trigger; zero when the client knows there is no responder.</param>
    /// <param name="ready">Completes when the responder says ready.</param>
    /// <param name="time">The clock of the window.</param>
    /// <param name="hello">Publishes <c>{"type":"hello"}</c> on the request topic.</param>
    /// <param name="trigger">Publishes the trigger on the session topic.</param>
    /// <param name="windowPassed">Called when the window passed without a ready, right before the trigger.</param>
    /// <param name="cancellationToken">Ends the wait and the publishes (closing, the connection replaced).</param>
    public static async Task<bool> AskAsync(
        TimeSpan window, Task ready, TimeProvider time, Func<CancellationToken, Task> hello, Func<CancellationToken, Task> trigger,
        Action windowPassed, CancellationToken cancellationToken)
    {
        if (window > TimeSpan.Zero)
        {
            await hello(cancellationToken).ConfigureAwait(false);
            using var windowEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task passed = Task.Delay(window, time, windowEnd.Token);
            await Task.WhenAny(ready, passed).ConfigureAwait(false);
            await windowEnd.CancelAsync().ConfigureAwait(false); // no timer left behind when the ready came first
            cancellationToken.ThrowIfCancellationRequested();
            if (ready.IsCompleted)
            {
                return false; // a live responder answered: nothing to start
            }

            windowPassed();
        }

        // Hello again right before the trigger: a responder still reconnecting may have missed the first one, and the
        // protocol wants a hello next to every trigger.
        await hello(cancellationToken).ConfigureAwait(false);
        await trigger(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
