// A channel: the app's private conversation with the responder (docs/protocol.md), kept through connection drops, URL and
// credential expiry, and responder restarts (docs/clients.md). Everything runs on the event loop: no locks, but every
// asynchronous step re-checks the state it resumes into (the channel may have closed or reconnected meanwhile).
import { ChannelError } from './errors.js';
import { PendingRequests } from './pending.js';
import { backoffDelay, defaultBackoff } from './backoff.js';
import { SessionRenewal } from './renewal.js';
import { openLink, publish } from './link.js';
import { StallWatch, oldestPublishedAt } from './stall.js';

const byeText = JSON.stringify({ type: 'bye' });
const helloText = JSON.stringify({ type: 'hello' });

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One channel; made by openChannel (index.js). Events: see index.d.ts (ChannelEventMap). */
export class Channel extends EventTarget {
  #renewal; // holds the current session (URL, credentials) and renews it
  #options;
  #mqtt;
  #link = null; // { client, end } while connected
  #linkToken = null; // identifies the connection attempt whose messages count
  #state = 'connecting';
  #responder = 'none'; // none | starting | ready
  #hadResponder = false;
  #pending = new PendingRequests();
  #outbox = [];
  #extraTopics = new Map();
  #nextId = 1;
  #idleSeconds = null;
  #readyTimer = null; // the hello window, then the ready time limit
  #helloOnly = false; // starting on a hello alone (the hello window): no trigger sent yet
  #stall; // StallWatch: armed while ready with a published request unanswered
  #opening = null; // { resolve, reject } until the first ready
  #byeWaiter = null;
  #stop = new AbortController(); // aborted when the channel closes: ends sleeps and renewals
  #closed;
  #resolveClosed;
  #stats = { readies: 0, reconnects: 0, renewals: 0, resent: 0, duplicates: 0, hellos: 0, triggers: 0, stalls: 0 };

  /** @internal use openChannel(). */
  constructor(session, options) {
    super();
    this.#options = options;
    this.#renewal = new SessionRenewal(session, options, this.#stop.signal, () => {
      this.#stats.renewals += 1;
      this.#emit('renewed', { expiresAt: this.expiresAt, credentialsExpireAt: this.credentialsExpireAt });
    });
    this.#mqtt = options.mqtt;
    this.#stall = new StallWatch(options.stallTimeoutMs, () => oldestPublishedAt(this.#pending), () => this.#onStall());
    this.#closed = new Promise((resolve) => { this.#resolveClosed = resolve; });
    for (const [type, listener] of Object.entries(options.on ?? {})) {
      this.on(type, listener);
    }
  }

  get channelId() { return this.#renewal.session.channelId; }
  get clientId() { return this.#renewal.session.clientId; }
  get topics() { return { ...this.#renewal.session.topics }; }
  get state() { return this.#state; }
  /** When the current presigned URL stops being usable for a (re)connect. */
  get expiresAt() { return new Date(this.#renewal.session.expiresAt); }
  /** When renewal stops being possible (null: the session API offers no renewal). */
  get credentialsExpireAt() { return this.#renewal.session.credentials ? new Date(this.#renewal.session.credentials.expiresAt) : null; }
  get idleSeconds() { return this.#idleSeconds; }
  get unanswered() { return this.#pending.size; }
  get stats() { return { ...this.#stats }; }
  /** Resolves with { reason, message } once the channel is closed, for whatever reason. */
  get closed() { return this.#closed; }
  /** The current MQTT.js client (null while disconnected), for inspection; the channel owns it. */
  get mqttClient() { return this.#link?.client ?? null; }

  /** Adds a listener that receives the event's detail; returns a function that removes it. */
  on(type, listener) {
    const wrapped = (event) => listener(event.detail);
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }

  /** @internal connect, trigger, wait for the first ready. */
  async open(signal) {
    const onAbort = () => this.#finish('aborted', 'opening the channel was aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const first = new Promise((resolve, reject) => { this.#opening = { resolve, reject }; });
      first.catch(() => {}); // settled by #finish if connecting fails first; the error is thrown from here anyway
      await this.#connect();
      this.#trigger();
      await first;
      this.#renewal.schedule();
    } catch (error) {
      this.#finish(error.code ?? 'aborted', error.message);
      throw signal?.aborted ? signal.reason : error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Sends `payload` (a JSON object) with a requestId and resolves with the reply that carries it. Queued while the
   * channel reconnects or the responder starts; re-sent if the responder restarts before replying; answered once.
   */
  request(payload, { timeout = this.#options.requestTimeoutMs, signal } = {}) {
    if (this.#isClosed()) {
      return Promise.reject(new ChannelError('closed', 'the channel is closed; open a new one'));
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return Promise.reject(new TypeError('request(payload): payload must be a JSON object'));
    }
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    let { requestId } = payload;
    if (requestId === undefined) {
      do { requestId = String(this.#nextId++); } while (this.#pending.has(requestId));
    } else if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > 128) {
      return Promise.reject(new TypeError('requestId must be a string of 1 to 128 characters'));
    } else if (this.#pending.has(requestId)) {
      return Promise.reject(new TypeError(`requestId ${requestId} was already used on this channel`));
    }
    const text = JSON.stringify({ ...payload, requestId });
    return new Promise((resolve, reject) => {
      let timer = null;
      const onAbort = () => { if (this.#pending.forget(requestId)) { entry.reject(signal.reason); } };
      const cleanup = () => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); };
      const entry = {
        text,
        published: false,
        resolve: (reply) => { cleanup(); resolve(reply); },
        reject: (error) => { cleanup(); reject(error); },
      };
      if (Number.isFinite(timeout) && timeout > 0) {
        timer = setTimeout(() => {
          if (this.#pending.forget(requestId)) {
            entry.reject(new ChannelError('request-timeout', `no reply to request ${requestId} within ${timeout} ms`));
          }
        }, timeout);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.add(requestId, entry);
      this.#deliver(entry);
    });
  }

  /** Fire and forget: publishes `payload` (a string as is, anything else as JSON) once the responder is ready. */
  send(payload) {
    if (this.#isClosed()) {
      throw new ChannelError('closed', 'the channel is closed; open a new one');
    }
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    if (this.#responder === 'ready' && this.#link) {
      publish(this.#link.client, this.#renewal.session.topics.request, text, 1);
      return;
    }
    this.#outbox.push(text);
    this.#trigger();
  }

  /** Subscribes to another topic the credentials allow (kept across reconnects); its messages arrive as 'message' events. */
  async subscribe(topic, { qos = 0 } = {}) {
    this.#extraTopics.set(topic, qos);
    if (!this.#link) {
      return true;
    }
    return new Promise((resolve) => {
      this.#link.client.subscribe(topic, { qos }, (error, granted) => resolve(!error && granted?.[0]?.qos !== 128));
    });
  }

  /** Publishes on any topic the credentials allow, now or not at all (false while disconnected). */
  async publish(topic, payload, { qos = 0 } = {}) {
    if (!this.#link || this.#isClosed()) {
      return false;
    }
    return publish(this.#link.client, topic, typeof payload === 'string' ? payload : JSON.stringify(payload), qos);
  }

  /** Says bye (the responder ends at once), waits briefly for its bye, and disconnects. Pending requests are rejected. */
  async close({ byeTimeoutMs = 2000 } = {}) {
    if (this.#isClosed()) {
      return this.#closed;
    }
    this.#setState('closing');
    this.#stop.abort();
    clearTimeout(this.#readyTimer);
    this.#stall.disarm();
    if (this.#link && this.#responder !== 'none') {
      const bye = new Promise((resolve) => { this.#byeWaiter = resolve; });
      publish(this.#link.client, this.#renewal.session.topics.request, byeText, 1);
      let timer;
      await Promise.race([bye, new Promise((resolve) => { timer = setTimeout(resolve, byeTimeoutMs); })]);
      clearTimeout(timer);
    }
    const link = this.#link;
    this.#link = null;
    this.#pending.rejectAll(new ChannelError('closed', 'the channel was closed before the reply arrived'));
    await link?.end(true);
    this.#finish('closed', 'the app closed the channel');
    return this.#closed;
  }

  // ---- connection ----

  async #connect() {
    const token = {};
    this.#linkToken = token;
    const link = await openLink(this.#mqtt, this.#renewal.session, { ...this.#options, extraTopics: this.#extraTopics }, {
      onMessage: (topic, text) => { if (this.#linkToken === token && this.#link) { this.#onMessage(topic, text); } },
      onDrop: (reason) => { if (this.#linkToken === token) { this.#onDrop(reason); } },
    });
    if (this.#isClosed() || this.#linkToken !== token) {
      await link.end(false);
      throw new ChannelError('closed', 'the channel closed while connecting');
    }
    this.#link = link;
    link.start();
    for (const topic of link.refused) {
      this.#emit('message', { topic, refused: true });
    }
  }

  #onDrop(reason) {
    this.#link = null;
    this.#linkToken = null;
    if (this.#isClosed()) {
      return;
    }
    clearTimeout(this.#readyTimer);
    this.#helloOnly = false;
    this.#stall.disarm();
    // Our will normally ends the responder we had (docs/protocol.md); if its connection dropped too it may have survived.
    // The reconnect asks (hello, then the trigger if no ready comes within the hello window), and whichever responder
    // is there says ready.
    this.#hadResponder = this.#hadResponder || this.#responder !== 'none';
    this.#responder = 'none';
    this.#reconnect(reason);
  }

  async #reconnect(reason) {
    for (let attempt = 0; !this.#isClosed(); attempt += 1) {
      const delayMs = backoffDelay(attempt, this.#options.backoff);
      this.#setState('reconnecting', reason);
      this.#emit('reconnecting', { reason, attempt: attempt + 1, delayMs });
      await this.#sleep(delayMs);
      if (this.#isClosed()) {
        return;
      }
      try {
        await this.#renewal.beforeConnect();
        await this.#connect();
        break;
      } catch (error) {
        if (this.#isClosed()) {
          return;
        }
        if (error.fatal) {
          this.#finish(error.code, error.message);
          return;
        }
        reason = error.message;
      }
    }
    this.#stats.reconnects += 1;
    if (this.#hadResponder) {
      this.#askHello(); // it may have survived the drop
    } else if (this.#pending.size > 0 || this.#outbox.length > 0) {
      this.#trigger(); // there was none (a bye before the drop)
    } else {
      this.#setState('idle');
    }
  }

  // ---- responder ----

  // Hello, then the trigger (docs/protocol.md, "Finding the responder again: hello"): a live responder answers the hello
  // with ready, one that is still reconnecting says ready after its own SUBACK, and if none is left the trigger starts a
  // new one once the lease is free. Only called with a link, which exists only after the response topic's SUBACK, so
  // whichever ready comes cannot be missed. For when the channel knows there is no responder: at open, after a bye, after
  // a ready time limit that passed.
  #trigger(reason) {
    if (!this.#startAsking(reason)) {
      return;
    }
    this.#sendHelloAndTrigger();
  }

  // For when the channel only doubts its responder (its own reconnect, a stall): a hello alone, and the trigger only if
  // no ready comes within helloWindowMs. A survivor's ready usually comes at once; a trigger sent alongside it would wait
  // for the survivor's lease and start a spare responder if the survivor left meanwhile (and costs an invocation).
  #askHello(reason) {
    const windowMs = this.#options.helloWindowMs;
    if (!(Number.isFinite(windowMs) && windowMs > 0)) {
      this.#trigger(reason);
      return;
    }
    if (!this.#startAsking(reason)) {
      return;
    }
    this.#helloOnly = true;
    this.#stats.hellos += 1;
    publish(this.#link.client, this.#renewal.session.topics.request, helloText, 1);
    this.#readyTimer = setTimeout(() => this.#onHelloWindowEnd(), windowMs);
  }

  #startAsking(reason) {
    if (!this.#link || this.#responder !== 'none' || this.#isClosed()) {
      return false;
    }
    this.#responder = 'starting';
    this.#stall.disarm();
    clearTimeout(this.#readyTimer);
    this.#setState('starting', reason);
    return true;
  }

  #sendHelloAndTrigger() {
    this.#helloOnly = false;
    this.#stats.hellos += 1;
    this.#stats.triggers += 1;
    const { topics, channelId } = this.#renewal.session;
    publish(this.#link.client, topics.request, helloText, 1);
    publish(this.#link.client, topics.session, JSON.stringify({ channelId }), 1);
    clearTimeout(this.#readyTimer);
    this.#readyTimer = setTimeout(() => this.#onReadyTimeout(), this.#options.readyTimeoutMs);
  }

  // No ready within the hello window: nobody answered, so trigger (with another hello, for a responder that subscribed
  // meanwhile), then the ready time limit as usual.
  #onHelloWindowEnd() {
    if (!this.#helloOnly || this.#responder !== 'starting' || !this.#link || this.#isClosed()) {
      return;
    }
    this.#sendHelloAndTrigger();
  }

  #onReadyTimeout() {
    if (this.#responder !== 'starting' || this.#isClosed()) {
      return;
    }
    this.#responder = 'none';
    const error = new ChannelError('ready-timeout', `the responder did not say ready within ${this.#options.readyTimeoutMs} ms`);
    if (this.#opening) {
      this.#opening.reject(error);
      return;
    }
    // With work waiting, ask again (a killed responder's lease expires after at most LEASE_SECONDS; then a trigger
    // starts a new one); without, wait until the app asks for something.
    if (this.#pending.size > 0 || this.#outbox.length > 0) {
      this.#trigger(error.message);
    } else {
      this.#setState('idle', error.message);
    }
  }

  // The oldest published request had no reply within stallTimeoutMs: stop trusting the responder and ask again (hello,
  // then the trigger after the hello window), as after a reconnect. What is requested meanwhile waits for the ready,
  // which re-sends everything without a reply; a reply that still comes settles its request.
  #onStall() {
    if (this.#responder !== 'ready' || this.#isClosed()) {
      return;
    }
    this.#stats.stalls += 1;
    this.#responder = 'none';
    this.#askHello('stalled');
  }

  #publishRequest(entry) {
    entry.published = true;
    entry.publishedAt = performance.now();
    publish(this.#link.client, this.#renewal.session.topics.request, entry.text, 1);
  }

  #deliver(entry) {
    if (this.#responder === 'ready' && this.#link) {
      this.#publishRequest(entry);
      this.#stall.arm();
    } else {
      this.#trigger(); // no-op unless connected with no responder: then the request waits for its ready
    }
  }

  #onMessage(topic, text) {
    if (topic !== this.#renewal.session.topics.response) {
      this.#emit('message', { topic, text, json: parseJson(text) });
      return;
    }
    const message = parseJson(text);
    if (message?.type === 'ready') {
      this.#onReady(message);
    } else if (message?.type === 'bye') {
      this.#onBye(message);
    } else if (typeof message?.requestId === 'string' && this.#answer(message)) {
      // Settled or dropped as a duplicate, in any state: a reply while we wait for a ready (after a drop or a stall) comes
      // from a responder that is still there, and its ready follows (it answers our hello after the replies it queued).
    } else {
      this.#emit('message', { topic, text, json: message });
    }
  }

  #answer(message) {
    const entry = this.#pending.answer(message.requestId);
    if (entry === 'duplicate') {
      this.#stats.duplicates += 1;
      return true;
    }
    entry?.resolve(message);
    return entry !== undefined;
  }

  #onReady(message) {
    if (this.#isClosed()) {
      return;
    }
    clearTimeout(this.#readyTimer);
    this.#helloOnly = false;
    this.#responder = 'ready';
    this.#hadResponder = false;
    this.#idleSeconds = typeof message.idleSeconds === 'number' ? message.idleSeconds : null;
    this.#stats.readies += 1;
    // Everything without a reply goes (again): a restarted responder never saw what was published before its ready.
    const resent = [];
    for (const [requestId, entry] of this.#pending.entries()) {
      if (entry.published) {
        resent.push(requestId);
      }
      this.#publishRequest(entry);
    }
    for (const text of this.#outbox.splice(0)) {
      publish(this.#link.client, this.#renewal.session.topics.request, text, 1);
    }
    this.#stats.resent += resent.length;
    this.#stall.disarm(); // re-armed from the publish times just set
    this.#stall.arm();
    this.#setState('ready');
    this.#emit('ready', { idleSeconds: this.#idleSeconds, again: this.#stats.readies > 1, resent });
    this.#opening?.resolve();
    this.#opening = null;
  }

  #onBye(message) {
    const reason = typeof message.reason === 'string' ? message.reason : 'unknown';
    if (this.#byeWaiter) {
      this.#responder = 'none';
      this.#emit('bye', { reason });
      this.#byeWaiter();
      this.#byeWaiter = null;
      return;
    }
    if (this.#isClosed()) {
      return;
    }
    // Within the hello window the responder we asked about is leaving: now the channel knows, so it triggers at once.
    if (this.#helloOnly) {
      this.#sendHelloAndTrigger();
      return;
    }
    // While we wait for a new responder's ready, a bye is the previous responder's last word (its will arrived late).
    if (this.#responder !== 'ready') {
      return;
    }
    this.#responder = 'none';
    this.#stall.disarm();
    this.#emit('bye', { reason });
    this.#setState('idle', reason);
    // Requests in flight (a deadline bye, or one that crossed an idle bye): start a new responder now and re-send them.
    if (this.#pending.size > 0 || this.#outbox.length > 0) {
      this.#trigger();
    }
  }

  // ---- plumbing ----

  #isClosed() {
    return this.#state === 'closing' || this.#state === 'closed';
  }

  #setState(state, reason) {
    if (this.#state === 'closed' || (this.#state === state && reason === undefined)) {
      return;
    }
    this.#state = state;
    this.#emit('statechange', { state, reason });
  }

  #sleep(ms) {
    return new Promise((resolve) => {
      const { signal } = this.#stop;
      const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  #finish(reason, message) {
    if (this.#state === 'closed') {
      return;
    }
    this.#stop.abort();
    clearTimeout(this.#readyTimer);
    this.#stall.disarm();
    const error = new ChannelError(reason === 'closed' ? 'closed' : reason, message);
    this.#pending.rejectAll(error);
    this.#opening?.reject(error);
    this.#opening = null;
    const link = this.#link;
    this.#link = null;
    this.#linkToken = null;
    link?.end(false);
    this.#state = 'closed';
    this.#emit('statechange', { state: 'closed', reason });
    this.#emit('closed', { reason, message });
    this.#resolveClosed({ reason, message });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

export const defaults = Object.freeze({
  requestTimeoutMs: 30_000,
  readyTimeoutMs: 10_000,
  stallTimeoutMs: 5_000,
  helloWindowMs: 1_500,
  connectTimeoutMs: 10_000,
  keepaliveSeconds: 30,
  backoff: defaultBackoff,
});
