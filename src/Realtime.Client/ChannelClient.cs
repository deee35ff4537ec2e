using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Realtime.Channels;

namespace Realtime.Client;

/// <summary>
/// A channel to a responder, kept through drops, URL/credential expiry and idle ends. <see cref="OpenAsync"/> gets a
/// session (<c>GET</c> the session API), connects (MQTT 3.1.1 over WebSocket, presigned URL unchanged, issued client id,
/// will), subscribes to the response topic, says <c>hello</c> and triggers the responder, and waits for <c>ready</c>.
/// <see cref="RequestAsync"/> correlates replies by <c>requestId</c>; every request is answered to the app at most once.
/// On a drop it reconnects with backoff and jitter, renewing first (<c>POST /renew</c>, SigV4-signed with the session's
/// credentials) when the URL is stale, says hello (and triggers only when no ready came within
/// <see cref="ChannelClientOptions.HelloWindow"/>), and re-sends requests without a reply after <c>ready</c>.
/// A responder that stops answering (<see cref="ChannelClientOptions.StallTimeout"/>) is asked again the same way.
/// Credentials are renewed before they expire, so the channel can always reconnect. <see cref="CloseAsync"/> says <c>bye</c>.
/// </summary>
public sealed class ChannelClient : IAsyncDisposable
{
    private const string CloseReason = "closed";
    private readonly SessionApi _api;
    private readonly ChannelClientOptions _options;
    private readonly HttpClient? _ownedHttp;
    private readonly TimeProvider _time;
    private readonly PendingRequests _pending = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _renewGate = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly Channel<byte[]> _inbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Random _random = new();
    private readonly StallWatch _stallWatch;
    private SessionResponse _session;
    private DateTimeOffset _sessionReceivedAt;
    private ChannelConnection? _connection;
    private int _generation;
    private int _triggerSequence;
    private ChannelState _state = ChannelState.Connecting;
    private bool _awaitingReady;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _inboxLoop = Task.CompletedTask;
    private Task _renewLoop = Task.CompletedTask;
    private Task _reconnectLoop = Task.CompletedTask;
    private int _reconnecting;
    private int _closing;
    private int _stalling;
    private long _duplicates;
    private long _triggers;
    private string? _closedReason;

    private ChannelClient(SessionApi api, SessionResponse session, ChannelClientOptions options, HttpClient? ownedHttp, TimeProvider time)
    {
        _api = api;
        _session = session;
        _options = options;
        _ownedHttp = ownedHttp;
        _time = time;
        _sessionReceivedAt = time.GetUtcNow();
        // Only requests sent to a responder that said ready are watched: while starting, nothing is expected back yet.
        _stallWatch = new StallWatch(options.StallTimeout, time, () => _state == ChannelState.Ready ? _pending.OldestPublished() : null, OnStalled);
    }

    /// <summary>Every change: connecting, starting (with the cause), ready, reconnecting (with the cause), renewed, bye (with the reason), closed.</summary>
    /// <remarks>Raised on a background thread; keep handlers short (an exception thrown by a handler is ignored).</remarks>
    public event Action<ChannelEvent>? Changed;

    /// <summary>Messages on the response topic that answer no pending request (e.g. replies to <see cref="SendAsync"/>).</summary>
    public event Action<JsonElement>? MessageReceived;

    /// <summary>The channel id (stays the same through reconnects and renewals).</summary>
    public string ChannelId => _session.ChannelId;

    /// <summary>The current state.</summary>
    public ChannelState State => _state;

    /// <summary>Replies dropped because their request was already answered (re-sent requests, a second responder).</summary>
    public long DuplicateRepliesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Triggers published (each starts a responder invocation, which ends at once when one is live).</summary>
    public long TriggersSent => Interlocked.Read(ref _triggers);

    /// <summary>The current session response (tests: it holds the credentials).</summary>
    internal SessionResponse CurrentSession => _session;

    /// <summary>When the current URL stops being accepted for a new connection.</summary>
    public DateTimeOffset UrlExpiresAt => SessionApi.ParseTime(_session.ExpiresAt);

    /// <summary>When the current credentials expire (after that the channel cannot be renewed), or null when the session has none.</summary>
    public DateTimeOffset? CredentialsExpireAt => _session.Credentials is { } c ? SessionApi.ParseTime(c.Expiration) : null;

    /// <summary>Opens a channel from the session API URL (e.g. the stack's <c>SessionUrl</c> output) and waits for <c>ready</c>.</summary>
    /// <exception cref="SessionApiException">The session API failed or refused.</exception>
    /// <exception cref="TimeoutException">No <c>ready</c> within <see cref="ChannelClientOptions.ReadyTimeout"/>.</exception>
    public static Task<ChannelClient> OpenAsync(Uri sessionApiUrl, ChannelClientOptions? options = null, CancellationToken cancellationToken = default)
        => OpenCoreAsync(sessionApiUrl, options, TimeProvider.System, cancellationToken);

    internal static async Task<ChannelClient> OpenCoreAsync(
        Uri sessionApiUrl, ChannelClientOptions? options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionApiUrl);
        options ??= new ChannelClientOptions();
        if (options.StallTimeout < TimeSpan.Zero && options.StallTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StallTimeout, "StallTimeout must be positive, or zero / infinite to turn it off.");
        }

        if (options.HelloWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.HelloWindow, "HelloWindow must be zero (trigger at once) or positive.");
        }

        HttpClient? owned = options.HttpClient is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        var api = new SessionApi(options.HttpClient ?? owned!, sessionApiUrl);
        ChannelClient? client = null;
        try
        {
            SessionResponse session = await api.OpenAsync(cancellationToken).ConfigureAwait(false);
            client = new ChannelClient(api, session, options, owned, time);
            client.Start();
            await client._connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await client.ConnectAndTriggerAsync("opening", responderMayLive: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                client._connectGate.Release();
            }

            await client.WaitForReadyAsync(options.ReadyTimeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            if (client is not null)
            {
                await client.CloseCoreAsync("open failed", sayBye: false).ConfigureAwait(false);
            }
            else
            {
                owned?.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="json"/> (a JSON object; the client adds <c>requestId</c>) and returns the reply with the same
    /// <c>requestId</c>. Waits for <c>ready</c> first, re-triggers the responder after an idle/deadline bye, and re-sends
    /// after a reconnect; the reply is returned once, whatever number of copies arrive.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a JSON object.</exception>
    /// <exception cref="TimeoutException">No reply within <paramref name="timeout"/> (default <see cref="ChannelClientOptions.RequestTimeout"/>).</exception>
    /// <exception cref="ChannelClosedException">The channel closed before the reply.</exception>
    public async Task<JsonElement> RequestAsync(string json, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        string requestId = RequestPayload.NewRequestId();
        byte[] payload = RequestPayload.WithRequestId(json, requestId);
        Task<JsonElement> reply = _pending.Add(requestId, payload);
        try
        {
            await DispatchAsync(requestId, payload, cancellationToken).ConfigureAwait(false);
            return await reply.WaitAsync(timeout ?? _options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.Remove(requestId);
        }
    }

    /// <summary>
    /// Publishes <paramref name="json"/> on the request topic once (QoS 1), without waiting for a reply or re-sending it;
    /// an answer, if any, arrives through <see cref="MessageReceived"/>. Fails when the channel is not connected and ready.
    /// </summary>
    public async Task SendAsync(string json, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        byte[] payload = RequestPayload.Validated(json);
        ChannelConnection connection = _state == ChannelState.Ready && _connection is { IsConnected: true } c
            ? c
            : throw new InvalidOperationException($"The channel is {_state}; SendAsync needs it Ready (RequestAsync waits and re-sends).");
        await connection.PublishAsync(_session.Topics.Request, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renews now (normally automatic): a fresh URL and credentials for this channel from <c>POST /renew</c>.</summary>
    public Task RenewAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return RenewCoreAsync(cancellationToken);
    }

    /// <summary>Says <c>bye</c> (the responder leaves at once), disconnects and closes. Pending requests fail.</summary>
    public Task CloseAsync() => CloseCoreAsync(CloseReason, sayBye: true);

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private void Start()
    {
        _inboxLoop = Task.Run(InboxLoopAsync);
        _renewLoop = Task.Run(RenewLoopAsync);
    }

    private async Task ConnectAndTriggerAsync(string why, bool responderMayLive, CancellationToken cancellationToken)
    {
        int generation = Interlocked.Increment(ref _generation);
        SetState(ChannelState.Connecting, ChannelEventKind.Connecting, why);
        SessionResponse session = _session;
        ChannelConnection connection = await ChannelConnection.ConnectAsync(
            session, _options.KeepAlive, bytes => _inbox.Writer.TryWrite(bytes), reason => OnDisconnected(generation, reason), cancellationToken)
            .ConfigureAwait(false);
        ChannelConnection? previous = Interlocked.Exchange(ref _connection, connection);
        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        // Subscribe first, then hello and trigger: the responder's ready can never be missed.
        await connection.SubscribeAsync(session.Topics.Response, cancellationToken).ConfigureAwait(false);
        await StartResponderAsync(connection, why, responderMayLive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// State <see cref="ChannelState.Starting"/>: publishes <c>hello</c> on the request topic, then the trigger, and waits for
    /// <c>ready</c>. Whichever way the responder is, a ready follows: a live one answers the hello; one that is still
    /// reconnecting says ready after its own SUBACK; when there is none, the trigger starts one (once the lease is free).
    /// When <paramref name="responderMayLive"/> (a reconnect, a stall), the hello goes alone first and the trigger only
    /// follows when no ready came within <see cref="ChannelClientOptions.HelloWindow"/> (<see cref="HelloWindow"/>).
    /// Callers hold <see cref="_connectGate"/> and have subscribed to the response topic on <paramref name="connection"/>.
    /// </summary>
    private async Task StartResponderAsync(ChannelConnection connection, string why, bool responderMayLive, CancellationToken cancellationToken)
    {
        int sequence = 0;
        Task ready = Task.CompletedTask; // stays so when closed: nothing to ask for
        SetState(ChannelState.Starting, ChannelEventKind.Starting, why, () =>
        {
            // With the state, atomically: a ready that comes in between must not be overwritten by Starting.
            _awaitingReady = true;
            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            ready = _ready.Task;
            sequence = ++_triggerSequence;
        });

        TimeSpan window = responderMayLive ? _options.HelloWindow : TimeSpan.Zero;
        // Watch first: a publish that fails on a connection that stays up (PUBACK timeout) is asked again too. The ready
        // time limit counts from the trigger, which comes after the window at the latest.
        _ = WatchReadyAsync(sequence, window + _options.ReadyTimeout);
        var topics = _session.Topics;
        byte[] trigger = Encoding.UTF8.GetBytes($"{{\"channelId\":\"{_session.ChannelId}\"}}");
        bool triggered = await HelloWindow.AskAsync(
            window,
            ready,
            _time,
            ct => connection.PublishAsync(topics.Request, ChannelMessages.ClientHello(), ct),
            ct => connection.PublishAsync(topics.Session, trigger, ct),
            () => ReportHelloWindowPassed(sequence, window),
            cancellationToken).ConfigureAwait(false);
        if (triggered)
        {
            Interlocked.Increment(ref _triggers);
        }
    }

    /// <summary>The hello window passed without a ready: the event tells the app a trigger follows (the state stays Starting).</summary>
    private void ReportHelloWindowPassed(int sequence, TimeSpan window)
    {
        bool stillWaiting;
        lock (_stateLock)
        {
            // A ready that came since the window's check must not be followed by a Starting event.
            stillWaiting = _awaitingReady && _triggerSequence == sequence && _state == ChannelState.Starting;
        }

        if (stillWaiting)
        {
            Raise(() => Changed?.Invoke(new ChannelEvent(ChannelEventKind.Starting, ChannelState.Starting, $"no ready within the {window.TotalMilliseconds:0} ms hello window")));
        }
    }

    /// <summary>
    /// No ready in time (a lost trigger, a responder that died while starting, a dead responder's lease still live): hello and
    /// trigger again on the same connection, until a ready comes or the channel closes.
    /// </summary>
    private async Task WatchReadyAsync(int sequence, TimeSpan limit)
    {
        try
        {
            await Task.Delay(limit, _time, _lifetime.Token).ConfigureAwait(false);
            bool stillWaiting;
            lock (_stateLock)
            {
                stillWaiting = _awaitingReady && _triggerSequence == sequence;
            }

            if (stillWaiting && _connection is { IsConnected: true } connection)
            {
                await _connectGate.WaitAsync(_lifetime.Token).ConfigureAwait(false);
                try
                {
                    if (_awaitingReady && _triggerSequence == sequence && ReferenceEquals(connection, _connection))
                    {
                        await StartResponderAsync(connection, $"no ready within {_options.ReadyTimeout.TotalSeconds:0} s", responderMayLive: false, _lifetime.Token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _connectGate.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing, or the connection went away: the reconnect path triggers again.
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Same: the connection dropped while re-triggering.
        }
    }

    private async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task ready;
        lock (_stateLock)
        {
            ready = _ready.Task;
        }

        try
        {
            await ready.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The responder did not say ready within {timeout.TotalSeconds:0} s on channel {_session.ChannelId}.");
        }
    }

    private async Task DispatchAsync(string requestId, byte[] payload, CancellationToken cancellationToken)
    {
        ChannelState state = _state;
        if (state == ChannelState.Idle)
        {
            await RetriggerAsync("request after bye", cancellationToken).ConfigureAwait(false);
            return; // sent with every other pending request once the new responder says ready
        }

        if (state == ChannelState.Ready && _connection is { IsConnected: true } connection)
        {
            _pending.MarkPublished(requestId, _time.GetTimestamp());
            try
            {
                await connection.PublishAsync(_session.Topics.Request, payload, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The connection dropped under us: the request stays pending and is re-sent after the next ready.
            }
        }
    }

    private async Task RetriggerAsync(string why, CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state != ChannelState.Idle || _connection is not { IsConnected: true } connection)
            {
                return; // someone else re-triggered, or a reconnect is under way (it triggers too)
            }

            await StartResponderAsync(connection, why, responderMayLive: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The connection dropped while triggering: the reconnect triggers again.
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task InboxLoopAsync()
    {
        try
        {
            await foreach (byte[] message in _inbox.Reader.ReadAllAsync(_lifetime.Token).ConfigureAwait(false))
            {
                await HandleAsync(message).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    private async Task HandleAsync(byte[] message)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return; // not JSON: nothing on the response topic of ours is like that
        }

        // Anything from the responder shows it is alive (replies to a backlog keep coming: no stall).
        _stallWatch.Heard();
        string? type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;
        switch (type)
        {
            case ChannelMessageTypes.Ready:
                await OnReadyAsync().ConfigureAwait(false);
                return;
            case ChannelMessageTypes.Bye:
                OnBye(root.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
                return;
        }

        string? requestId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(RequestPayload.RequestIdProperty, out JsonElement id)
            && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (requestId is not null && _pending.TryComplete(requestId, root))
        {
            return;
        }

        if (requestId is not null && requestId.Length == 16)
        {
            Interlocked.Increment(ref _duplicates); // answered already (or timed out): never deliver twice
            return;
        }

        Raise(() => MessageReceived?.Invoke(root));
    }

    private async Task OnReadyAsync()
    {
        SetState(ChannelState.Ready, ChannelEventKind.Ready, null, () =>
        {
            _awaitingReady = false;
            _ready.TrySetResult();
        });

        // A (new) responder is subscribed now: whatever was published before it may be lost, so send it all again. The
        // stall clock of each starts now.
        if (_connection is { IsConnected: true } connection)
        {
            foreach ((string requestId, byte[] payload) in _pending.Unanswered())
            {
                _pending.MarkPublished(requestId, _time.GetTimestamp());
                try
                {
                    await connection.PublishAsync(_session.Topics.Request, payload, _lifetime.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return; // dropped again: the next ready re-sends
                }
            }
        }
    }

    private void OnBye(string? reason)
    {
        bool stale;
        lock (_stateLock)
        {
            // While waiting for a new responder's ready, a bye comes from the previous one (e.g. it read our will).
            stale = _awaitingReady || _state is ChannelState.Reconnecting or ChannelState.Closed;
        }

        if (stale)
        {
            Raise(() => Changed?.Invoke(new ChannelEvent(ChannelEventKind.Bye, _state, reason)));
            return;
        }

        SetState(ChannelState.Idle, ChannelEventKind.Bye, reason);
        if (_pending.Count > 0)
        {
            _ = RetriggerAsync("requests pending after bye", _lifetime.Token);
        }
    }

    /// <summary>
    /// The <see cref="StallWatch"/> saw no reply for <see cref="ChannelClientOptions.StallTimeout"/>: stop trusting the
    /// responder, say hello and trigger (new requests wait for the ready, which re-sends everything without a reply).
    /// </summary>
    private void OnStalled()
    {
        if (Volatile.Read(ref _closing) == 0 && Interlocked.Exchange(ref _stalling, 1) == 0)
        {
            _ = RestartStalledResponderAsync();
        }
    }

    private async Task RestartStalledResponderAsync()
    {
        try
        {
            await _connectGate.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            try
            {
                // A reconnect or a bye may have got here first: they start the responder themselves.
                if (_state == ChannelState.Ready && _connection is { IsConnected: true } connection)
                {
                    await StartResponderAsync(connection, "stalled", responderMayLive: true, _lifetime.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _connectGate.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Closing.
        }
        catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The connection dropped while saying hello: the reconnect says hello and triggers again.
        }
        finally
        {
            Volatile.Write(ref _stalling, 0);
        }
    }

    private void OnDisconnected(int generation, string reason)
    {
        if (Volatile.Read(ref _closing) != 0 || generation != Volatile.Read(ref _generation))
        {
            return; // our own close, or an old connection replaced already
        }

        if (Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            _reconnectLoop = Task.Run(() => ReconnectLoopAsync(reason));
        }
    }

    private async Task ReconnectLoopAsync(string reason)
    {
        try
        {
            // A client that was idle (its responder said bye) knows there is none; otherwise the responder may have survived.
            bool responderMayLive = _state != ChannelState.Idle;
            SetState(ChannelState.Reconnecting, ChannelEventKind.Reconnecting, reason);
            bool forceRenew = false;
            for (int attempt = 0; ; attempt++)
            {
                await Task.Delay(Backoff.Delay(attempt, _options.InitialReconnectDelay, _options.MaxReconnectDelay, _random), _time, _lifetime.Token)
                    .ConfigureAwait(false);
                await _connectGate.WaitAsync(_lifetime.Token).ConfigureAwait(false);
                try
                {
                    if (forceRenew || RenewalSchedule.UrlIsStale(UrlExpiresAt, _time.GetUtcNow(), _options.UrlMargin))
                    {
                        await RenewCoreAsync(_lifetime.Token).ConfigureAwait(false);
                    }

                    await ConnectAndTriggerAsync("reconnected", responderMayLive, _lifetime.Token).ConfigureAwait(false);
                    Volatile.Write(ref _reconnecting, 0);
                    if (_connection is { IsConnected: false })
                    {
                        // Lost again before this loop ended: its disconnect was ignored, so go round once more.
                        OnDisconnected(Volatile.Read(ref _generation), "connection lost right after reconnecting");
                    }

                    return;
                }
                catch (ChannelClosedException e)
                {
                    _ = CloseCoreAsync(e.Message, sayBye: false);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A refused connect with a URL we thought fresh: renew before the next attempt.
                    forceRenew = e is MQTTnet.Adapter.MqttConnectingFailedException || e.GetBaseException().Message.Contains("403", StringComparison.Ordinal);
                    SetState(ChannelState.Reconnecting, ChannelEventKind.Reconnecting, $"attempt {attempt + 1} failed: {e.GetBaseException().Message}");
                }
                finally
                {
                    _connectGate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
        finally
        {
            if (Volatile.Read(ref _closing) != 0)
            {
                Volatile.Write(ref _reconnecting, 0);
            }
        }
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                if (CredentialsExpireAt is not { } expires)
                {
                    return; // unscoped session: nothing to renew with
                }

                DateTimeOffset renewAt = RenewalSchedule.RenewAt(_sessionReceivedAt, expires, _options.RenewBefore);
                TimeSpan wait = renewAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _lifetime.Token).ConfigureAwait(false);
                }

                try
                {
                    await RenewCoreAsync(_lifetime.Token).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    return; // expired: the next reconnect closes the channel
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The API is unreachable for now: try again soon, while the credentials last.
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, _lifetime.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    private async Task RenewCoreAsync(CancellationToken cancellationToken)
    {
        await _renewGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SessionResponse current = _session;
            DateTimeOffset now = _time.GetUtcNow();
            if (current.Credentials is null || CredentialsExpireAt <= now)
            {
                throw new ChannelClosedException(current.Credentials is null
                    ? "expired: the URL expired and the session has no credentials to renew it"
                    : "expired: the channel's credentials expired before it could be renewed");
            }

            SessionResponse renewed = await _api.RenewAsync(current, now, cancellationToken).ConfigureAwait(false);
            _session = renewed;
            _sessionReceivedAt = _time.GetUtcNow();
            Raise(() => Changed?.Invoke(new ChannelEvent(ChannelEventKind.Renewed, _state, $"URL until {renewed.ExpiresAt}")));
        }
        catch (SessionApiException e) when (e.IsRefused)
        {
            throw new ChannelClosedException($"expired: the session API refused the renewal ({e.Message})", e);
        }
        finally
        {
            _renewGate.Release();
        }
    }

    private async Task CloseCoreAsync(string reason, bool sayBye)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closedReason = reason;
        _stallWatch.Dispose();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        ChannelConnection? connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                if (sayBye && connection.IsConnected)
                {
                    await connection.PublishAsync(_session.Topics.Request, "{\"type\":\"bye\"}"u8.ToArray(), budget.Token).ConfigureAwait(false);
                }

                await connection.DisconnectAsync(budget.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Best effort: the connection may be gone already; the will then says bye for us.
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        SetState(ChannelState.Closed, ChannelEventKind.Closed, reason);
        _pending.FailAll(new ChannelClosedException($"The channel closed: {reason}."));
        lock (_stateLock)
        {
            _ready.TrySetException(new ChannelClosedException($"The channel closed: {reason}."));
        }

        await Task.WhenAll(_inboxLoop, _renewLoop).ConfigureAwait(false);
        _ownedHttp?.Dispose();
    }

    /// <summary>Changes the state (never out of Closed), with <paramref name="alsoUnderLock"/> done atomically with it, then raises the event.</summary>
    private void SetState(ChannelState state, ChannelEventKind kind, string? reason, Action? alsoUnderLock = null)
    {
        lock (_stateLock)
        {
            if (_state == ChannelState.Closed)
            {
                return;
            }

            _state = state;
            alsoUnderLock?.Invoke();
        }

        Raise(() => Changed?.Invoke(new ChannelEvent(kind, state, reason)));
    }

    private static void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An app handler failed: the channel goes on.
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            throw new ChannelClosedException($"The channel is closed: {_closedReason ?? CloseReason}.");
        }
    }
}
