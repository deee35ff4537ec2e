// An in-memory stand-in for MQTT.js + AWS IoT + the responder + the session API, for the channel's unit tests: exact
// control over drops, expiry, lost requests and repeated readies. The same scenarios run against the real local cloud
// in localcloud.test.js.
import { EventEmitter } from 'node:events';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Waits until `predicate()` is true (polling every few ms), failing after `ms`. */
export async function until(predicate, ms = 3000, what = 'the condition') {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

class FakeClient extends EventEmitter {
  constructor(broker, url, options) {
    super();
    this.broker = broker;
    this.url = url;
    this.options = options;
    this.connected = false;
    this.subscriptions = new Set();
    setImmediate(() => {
      const refusal = broker.refuseConnects > 0 ? (broker.refuseConnects -= 1, 'Connection refused: Not authorized') : broker.urlRefusal(url);
      if (refusal) {
        this.emit('error', new Error(refusal));
        this.emit('close');
        return;
      }
      this.connected = true;
      broker.clients.add(this);
      this.emit('connect', { returnCode: 0 });
    });
  }

  subscribe(topic, { qos }, callback) {
    const refused = this.broker.refusedTopics.has(topic);
    if (!refused) {
      this.subscriptions.add(topic);
    }
    this.broker.log.push(['subscribe', topic]);
    setImmediate(() => callback(null, [{ topic, qos: refused ? 128 : qos }]));
  }

  publish(topic, payload, options, callback) {
    if (!this.connected) {
      setImmediate(() => callback?.(new Error('client disconnecting')));
      return;
    }
    this.broker.log.push(['publish', topic, String(payload), performance.now()]);
    this.broker.route(topic, String(payload));
    setImmediate(() => callback?.());
  }

  end(force, callback) {
    const wasConnected = this.connected;
    this.#close(force ? this.options.will : null);
    if (wasConnected) {
      this.emit('close');
    }
    setImmediate(() => callback?.());
  }

  /** The network drops the connection: error + close, the will goes out (to nobody when `willLost`). */
  drop(reason = 'read ECONNRESET', { willLost = false } = {}) {
    if (!this.connected) {
      return;
    }
    this.#close(willLost ? null : this.options.will);
    this.emit('error', Object.assign(new Error(reason), { code: 'ECONNRESET' }));
    this.emit('close');
  }

  #close(will) {
    if (!this.connected) {
      return;
    }
    this.connected = false;
    this.broker.clients.delete(this);
    if (will) {
      this.broker.route(will.topic, String(will.payload));
    }
  }
}

/**
 * A responder as docs/protocol.md describes it: ready after subscribing, a pong per request, ready again for a hello,
 * bye when told or idle. It holds its channel's lease while alive, and after kill() until the lease expires.
 */
class FakeResponder {
  constructor(broker, channelId) {
    this.broker = broker;
    this.channelId = channelId;
    this.requestTopic = `foobar/${channelId}/request`;
    this.responseTopic = `foobar/${channelId}/response`;
    this.alive = true;
    this.leaseUntil = Infinity; // while alive
    this.requests = [];
    this.hellos = 0;
    this.deaf = false;
    setImmediate(() => {
      if (!broker.silentResponders) {
        this.sayReady();
      }
    });
  }

  sayReady() {
    this.broker.route(this.responseTopic, JSON.stringify({ type: 'ready', channelId: this.channelId, idleSeconds: 30 }));
  }

  bye(reason) {
    this.alive = false;
    this.leaseUntil = 0;
    this.broker.route(this.responseTopic, JSON.stringify({ type: 'bye', reason }));
  }

  /** SIGKILL: not a word more, and the lease blocks the channel for `leaseMs` more. */
  kill(leaseMs) {
    this.alive = false;
    this.leaseUntil = Date.now() + leaseMs;
  }

  get holdsLease() {
    return this.alive || Date.now() < this.leaseUntil;
  }

  onRequest(text) {
    if (!this.alive || this.deaf) {
      return; // dead, or (deaf) reconnecting: not subscribed, so what is published now never reaches it
    }
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      message = text; // the sample handler answers anything; only a JSON object can carry a requestId
    }
    if (message.type === 'bye') {
      this.bye('client-left');
      return;
    }
    if (message.type === 'hello') {
      // After the replies already queued (each goes out on its own setImmediate): so does this.
      this.hellos += 1;
      setImmediate(() => this.alive && this.sayReady());
      return;
    }
    this.requests.push(message);
    if (this.broker.swallowRequests > 0) {
      this.broker.swallowRequests -= 1;
      return;
    }
    const reply = { type: 'pong', message: 'PONG' };
    if (typeof message?.requestId === 'string') {
      reply.requestId = message.requestId;
    }
    const send = () => this.alive && this.broker.route(this.responseTopic, JSON.stringify(reply));
    if (this.broker.replyDelayMs > 0) {
      setTimeout(send, this.broker.replyDelayMs);
    } else {
      setImmediate(send);
    }
  }
}

/** The fake cloud: `mqtt` (connect like MQTT.js), `fetch` (session API and renewal), and knobs for the tests. */
export class FakeCloud {
  constructor({ channelId = 'c0ffee00c0ffee00c0ff', urlLifetimeMs = 300_000, credentialsLifetimeMs = 3_600_000, now = Date.now } = {}) {
    this.channelId = channelId;
    this.urlLifetimeMs = urlLifetimeMs;
    this.credentialsLifetimeMs = credentialsLifetimeMs;
    this.now = now;
    this.clients = new Set();
    this.responders = [];
    this.log = [];
    this.fetches = [];
    this.refusedTopics = new Set();
    this.refuseConnects = 0;
    this.swallowRequests = 0;
    this.replyDelayMs = 0;
    this.busyTriggers = 0;
    this.silentResponders = false;
    this.renewStatus = 200;
    this.issued = 0;
    this.sessions = [];
    this.mqtt = { connect: (url, options) => new FakeClient(this, url, options) };
    this.fetch = async (url, init = {}) => this.#answer(String(url), init);
  }

  get connections() {
    return this.log.filter(([kind]) => kind === 'connect');
  }

  /** The newest connected client (the channel's current link). */
  get client() {
    return [...this.clients].at(-1);
  }

  session() {
    this.issued += 1;
    const now = this.now();
    const session = {
      endpointUrl: `ws://iot.test/mqtt?X-Amz-Credential=ASIA${this.issued}%2F20261201%2Fus-east-1%2Fiotdevicegateway%2Faws4_request&n=${this.issued}`,
      channelId: this.channelId,
      clientId: `client-${this.channelId}`,
      expiresAt: new Date(now + this.urlLifetimeMs).toISOString(),
      topics: { session: 'foobar/session', request: `foobar/${this.channelId}/request`, response: `foobar/${this.channelId}/response`, shared: null },
      region: 'us-east-1',
      credentials: { accessKeyId: `ASIA${this.issued}`, secretAccessKey: 'secret', sessionToken: `token-${this.issued}`, expiration: new Date(now + this.credentialsLifetimeMs).toISOString() },
    };
    this.sessions.push(session);
    return session;
  }

  urlRefusal(url) {
    const n = Number(new URL(url).searchParams.get('n'));
    this.log.push(['connect', n]);
    return this.expiredUrls?.has(n) ? 'Connection refused: Not authorized' : null;
  }

  route(topic, text) {
    if (topic === 'foobar/session') {
      // One responder per channel: a trigger while the lease is held starts nothing (it ends "busy").
      const { channelId } = JSON.parse(text);
      if (this.responders.some((r) => r.channelId === channelId && r.holdsLease)) {
        this.busyTriggers += 1;
      } else {
        this.responders.push(new FakeResponder(this, channelId));
      }
    }
    for (const responder of this.responders) {
      if (topic === responder.requestTopic) {
        responder.onRequest(text);
      }
    }
    for (const client of this.clients) {
      if (client.subscriptions.has(topic)) {
        setImmediate(() => client.connected && client.emit('message', topic, Buffer.from(text)));
      }
    }
  }

  /**
   * Drops every client connection (as `ss -K` does). The wills go out and end the responders, unless `willLost`: the
   * responders' own connections dropped too, so nobody got the wills and the responders survive.
   */
  dropAll({ willLost = false } = {}) {
    for (const client of [...this.clients]) {
      client.drop('read ECONNRESET', { willLost });
    }
  }

  /** What the channel published on `topic`, in order (texts). */
  published(topic) {
    return this.log.filter(([kind, t]) => kind === 'publish' && t === topic).map(([, , text]) => text);
  }

  get liveResponders() {
    return this.responders.filter((r) => r.alive);
  }

  async #answer(url, init) {
    this.fetches.push({ url, method: init.method ?? 'GET', headers: init.headers ?? {} });
    await tick();
    if (url.endsWith('/renew')) {
      if (init.method !== 'POST' || !init.headers?.authorization || !init.headers['x-amz-security-token']) {
        return new Response(JSON.stringify({ message: 'Forbidden' }), { status: 403 });
      }
      if (this.renewStatus !== 200) {
        return new Response(JSON.stringify({ message: 'Forbidden' }), { status: this.renewStatus });
      }
    } else if (this.sessionStatus) {
      return new Response(JSON.stringify({ error: 'x', message: 'broken' }), { status: this.sessionStatus });
    }
    return new Response(JSON.stringify(this.session()), { status: 200, headers: { 'content-type': 'application/json' } });
  }
}
