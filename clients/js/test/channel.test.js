// The channel's protocol logic against the in-memory fake cloud (support/fake-cloud.js): ordering, correlation,
// re-sends, drops, renewal and expiry, each as the app sees it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openChannel, ChannelError } from '../src/index.js';
import { FakeCloud, until } from './support/fake-cloud.js';

const api = 'http://api.test/';
const fast = { backoff: { initialDelayMs: 5, maxDelayMs: 20 }, readyTimeoutMs: 500, helloWindowMs: 100 };

function open(cloud, options = {}) {
  return openChannel(api, { mqtt: cloud.mqtt, fetch: cloud.fetch, now: cloud.now, ...fast, ...options });
}

function record(channel, ...types) {
  const events = [];
  for (const type of types) {
    channel.on(type, (detail) => events.push({ type, ...detail }));
  }
  return events;
}

test('open: subscribes to the response topic, then says hello and triggers, then resolves on ready; the will is set', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const order = cloud.log.filter(([kind]) => kind !== 'connect').map(([kind, topic, text]) => `${kind} ${topic}${text ? ` ${text}` : ''}`);
  assert.deepEqual(order.slice(0, 3), [
    'subscribe foobar/c0ffee00c0ffee00c0ff/response',
    'publish foobar/c0ffee00c0ffee00c0ff/request {"type":"hello"}',
    'publish foobar/session {"channelId":"c0ffee00c0ffee00c0ff"}',
  ]);
  assert.equal(channel.state, 'ready');
  assert.equal(channel.idleSeconds, 30);
  const { options } = channel.mqttClient;
  assert.deepEqual([options.clientId, options.protocolVersion, options.reconnectPeriod, options.clean], ['client-c0ffee00c0ffee00c0ff', 4, 0, true]);
  assert.deepEqual({ ...options.will, payload: JSON.parse(options.will.payload) },
    { topic: 'foobar/c0ffee00c0ffee00c0ff/request', payload: { type: 'bye', reason: 'disconnected' }, qos: 1, retain: false });
  assert.equal(channel.mqttClient.url, cloud.sessions[0].endpointUrl, 'the presigned URL is used unchanged');
  await channel.close();
});

test('request: concurrent requests each get the reply with their requestId', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const replies = await Promise.all([channel.request({ message: 'a' }), channel.request({ message: 'b' }), channel.request({ requestId: 'mine' })]);
  assert.deepEqual(replies.map((r) => r.requestId), ['1', '2', 'mine']);
  assert.deepEqual(replies[0], { type: 'pong', message: 'PONG', requestId: '1' });
  assert.deepEqual(cloud.responders[0].requests.map((r) => r.message ?? null), ['a', 'b', null]);
  await channel.close();
});

test('request: bad payloads and reused ids are refused before anything is sent', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  await assert.rejects(channel.request('text'), TypeError);
  await assert.rejects(channel.request([1]), TypeError);
  await assert.rejects(channel.request({ requestId: 7 }), TypeError);
  await assert.rejects(channel.request({ requestId: 'x'.repeat(129) }), TypeError);
  cloud.swallowRequests = 1;
  const first = channel.request({ requestId: 'same' }, { timeout: 50 });
  await assert.rejects(channel.request({ requestId: 'same' }), /already used/);
  await assert.rejects(first, { code: 'request-timeout' });
  assert.equal(cloud.responders[0].requests.length, 1);
  await channel.close();
});

test('request: a timeout rejects with TimeoutError, and the late reply is dropped', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const messages = record(channel, 'message');
  cloud.swallowRequests = 1;
  const error = await channel.request({}, { timeout: 30 }).catch((e) => e);
  assert.ok(error instanceof ChannelError);
  assert.equal(error.name, 'TimeoutError');
  assert.equal(error.code, 'request-timeout');
  cloud.route(channel.topics.response, JSON.stringify({ type: 'pong', requestId: '1' }));
  await until(() => channel.stats.duplicates === 1, 1000, 'the late reply');
  assert.deepEqual(messages, []);
  await channel.close();
});

test('request: an AbortSignal rejects with its reason', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  cloud.swallowRequests = 1;
  const controller = new AbortController();
  const pending = channel.request({}, { signal: controller.signal });
  controller.abort(new Error('user left the page'));
  await assert.rejects(pending, /user left the page/);
  assert.equal(channel.unanswered, 0);
  await channel.close();
});

test('a repeated ready re-sends the unanswered requests with the same requestId; each is answered once', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const readies = record(channel, 'ready');
  cloud.swallowRequests = 2;
  const lost = [channel.request({ message: 'one' }), channel.request({ message: 'two' })];
  await until(() => cloud.responders[0].requests.length === 2);
  const answered = await channel.request({ message: 'three' });
  assert.equal(answered.requestId, '3');
  cloud.responders[0].sayReady();
  const replies = await Promise.all(lost);
  assert.deepEqual(replies.map((r) => r.requestId), ['1', '2']);
  assert.deepEqual(readies, [{ type: 'ready', idleSeconds: 30, again: true, resent: ['1', '2'] }]);
  assert.deepEqual(cloud.responders[0].requests.map((r) => r.requestId), ['1', '2', '3', '1', '2']);
  // The responder answers the first copy late as well: dropped, not given to the app twice.
  cloud.route(channel.topics.response, JSON.stringify({ type: 'pong', requestId: '1' }));
  await until(() => channel.stats.duplicates === 1, 1000, 'the duplicate');
  await channel.close();
});

test('after an idle bye the next request triggers the responder again, transparently', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const events = record(channel, 'bye', 'ready');
  cloud.responders[0].bye('idle');
  await until(() => channel.state === 'idle', 1000, 'idle');
  assert.deepEqual(events, [{ type: 'bye', reason: 'idle' }]);
  const reply = await channel.request({ message: 'wake up' });
  assert.equal(reply.message, 'PONG');
  assert.equal(cloud.responders.length, 2);
  assert.equal(cloud.responders[1].requests[0].message, 'wake up');
  assert.equal(channel.stats.triggers, 2);
  assert.deepEqual(events.map((e) => e.type), ['bye', 'ready']);
  await channel.close();
});

test('a deadline bye with a request in flight starts a new responder and re-sends it', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  cloud.swallowRequests = 1;
  const pending = channel.request({ message: 'late' });
  await until(() => cloud.responders[0].requests.length === 1);
  cloud.responders[0].bye('deadline');
  assert.equal((await pending).requestId, '1');
  assert.equal(cloud.responders[1].requests[0].requestId, '1');
  await channel.close();
});

test('a bye from the previous responder while the new one starts is ignored', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  cloud.responders[0].bye('idle');
  await until(() => channel.state === 'idle');
  cloud.silentResponders = true;
  const pending = channel.request({});
  await until(() => channel.state === 'starting');
  cloud.route(channel.topics.response, JSON.stringify({ type: 'bye', reason: 'client-left' }));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(channel.state, 'starting');
  cloud.responders[1].sayReady();
  assert.equal((await pending).requestId, '1');
  await channel.close();
});

test('send is fire and forget: published once when the responder is ready, queued (and triggering) when idle', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  channel.send({ note: 'a' });
  channel.send('plain text is fine too');
  await until(() => cloud.responders[0].requests.length === 2);
  cloud.responders[0].bye('idle');
  await until(() => channel.state === 'idle');
  channel.send({ note: 'b' });
  await until(() => cloud.responders.length === 2 && cloud.responders[1].requests.length === 1);
  assert.deepEqual(cloud.responders[1].requests, [{ note: 'b' }]);
  const hello = '{"type":"hello"}';
  assert.deepEqual(cloud.published(channel.topics.request), [hello, '{"note":"a"}', 'plain text is fine too', hello, '{"note":"b"}']);
  await channel.close();
});

test('close says bye, reports the responder\'s bye, rejects pending requests and ends the connection', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const events = record(channel, 'bye', 'closed');
  cloud.swallowRequests = 1;
  const pending = channel.request({}).catch((error) => error);
  await until(() => cloud.responders[0].requests.length === 1);
  await channel.close();
  assert.equal((await pending).code, 'closed');
  assert.deepEqual(events, [{ type: 'bye', reason: 'client-left' }, { type: 'closed', reason: 'closed', message: 'the app closed the channel' }]);
  assert.equal(channel.state, 'closed');
  assert.equal(cloud.clients.size, 0);
  assert.deepEqual(await channel.closed, { reason: 'closed', message: 'the app closed the channel' });
  await assert.rejects(channel.request({}), { code: 'closed' });
  assert.throws(() => channel.send({}), { code: 'closed' });
});

test('a dropped connection reconnects with backoff, starts a responder and answers every request exactly once', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const events = record(channel, 'reconnecting', 'ready');
  cloud.swallowRequests = 2;
  const inFlight = [channel.request({ n: 1 }), channel.request({ n: 2 })];
  await until(() => cloud.responders[0].requests.length === 2);
  cloud.refuseConnects = 2; // the first two reconnects fail
  cloud.dropAll();
  const whileDown = channel.request({ n: 3 });
  const replies = await Promise.all([...inFlight, whileDown]);
  assert.deepEqual(replies.map((r) => r.requestId), ['1', '2', '3']);
  const reconnecting = events.filter((e) => e.type === 'reconnecting');
  assert.deepEqual(reconnecting.map((e) => e.attempt), [1, 2, 3]);
  assert.match(reconnecting[0].reason, /^connection lost \(read ECONNRESET\)$/);
  assert.match(reconnecting[1].reason, /Not authorized/);
  assert.ok(reconnecting.every((e) => e.delayMs >= 0 && e.delayMs <= 20));
  assert.equal(cloud.responders[0].alive, false, 'the will ended the first responder');
  assert.equal(cloud.responders[1].hellos, 0, 'the hello went out before the trigger that started the new responder');
  assert.deepEqual(cloud.responders[1].requests.map((r) => r.requestId), ['1', '2', '3'], 'each sent once, on its ready');
  assert.deepEqual(events.at(-1), { type: 'ready', idleSeconds: 30, again: true, resent: ['1', '2'] });
  assert.equal(channel.stats.reconnects, 1);
  await channel.close();
});

test('a reconnect with the URL expired first renews (signed POST /renew) and connects with the new URL', async () => {
  let now = Date.now();
  const cloud = new FakeCloud({ urlLifetimeMs: 10_000, now: () => now });
  const channel = await open(cloud);
  const events = record(channel, 'renewed', 'reconnecting');
  now += 11_000;
  cloud.dropAll();
  await until(() => channel.state === 'ready' && cloud.connections.length === 2, 3000, 'reconnected');
  const renew = cloud.fetches.find((f) => f.url === 'http://api.test/renew');
  assert.equal(renew.method, 'POST');
  assert.equal(renew.headers['x-amz-security-token'], 'token-1');
  assert.match(renew.headers.authorization, /^AWS4-HMAC-SHA256 Credential=ASIA1\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  assert.deepEqual(cloud.connections.map(([, n]) => n), [1, 2], 'the second connect used the renewed URL');
  assert.equal(events.filter((e) => e.type === 'renewed').length, 1);
  assert.equal(channel.expiresAt.getTime(), now + 10_000);
  assert.equal((await channel.request({})).requestId, '1');
  await channel.close();
});

test('a reconnect with a fresh URL does not renew', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  cloud.dropAll();
  await until(() => channel.state === 'ready' && cloud.connections.length === 2, 3000, 'reconnected');
  assert.deepEqual(cloud.fetches.map((f) => f.method), ['GET']);
  await channel.close();
});

test('credentials close to expiry are renewed while connected, without a reconnect', async () => {
  const cloud = new FakeCloud({ credentialsLifetimeMs: 300 });
  const channel = await open(cloud);
  const renewed = new Promise((resolve) => channel.on('renewed', resolve));
  const detail = await renewed;
  assert.ok(detail.credentialsExpireAt instanceof Date);
  assert.equal(cloud.connections.length, 1);
  assert.equal(channel.state, 'ready');
  await channel.close();
});

test('a drop after the credentials expired closes the channel with reason credentials-expired', async () => {
  let now = Date.now();
  const cloud = new FakeCloud({ credentialsLifetimeMs: 60_000, now: () => now });
  const channel = await open(cloud, { renewMarginMs: 0 });
  cloud.swallowRequests = 1;
  const pending = channel.request({});
  await until(() => cloud.responders[0].requests.length === 1);
  now += 61_000;
  cloud.dropAll();
  const closed = await channel.closed;
  assert.equal(closed.reason, 'credentials-expired');
  assert.match(closed.message, /credentials expired at .*open a new channel/);
  await assert.rejects(pending, { code: 'credentials-expired' });
  assert.equal(cloud.connections.length, 1, 'no reconnect attempted');
});

test('a refused renewal closes the channel with reason renewal-refused', async () => {
  let now = Date.now();
  const cloud = new FakeCloud({ urlLifetimeMs: 1000, now: () => now });
  const channel = await open(cloud);
  cloud.renewStatus = 403;
  now += 2000;
  cloud.dropAll();
  const closed = await channel.closed;
  assert.equal(closed.reason, 'renewal-refused');
  assert.match(closed.message, /403/);
});

test('open fails cleanly: session API error, refused connection, no ready', async () => {
  const broken = new FakeCloud();
  broken.sessionStatus = 500;
  await assert.rejects(open(broken), { code: 'session-failed', message: /answered 500: broken/ });

  const refused = new FakeCloud();
  refused.refuseConnects = 1;
  await assert.rejects(open(refused), { code: 'connect-failed', message: /Not authorized/ });

  const silent = new FakeCloud();
  silent.silentResponders = true;
  await assert.rejects(open(silent, { readyTimeoutMs: 50 }), { name: 'TimeoutError', code: 'ready-timeout' });
  assert.equal(silent.clients.size, 0, 'nothing left connected');

  const aborted = new FakeCloud();
  aborted.silentResponders = true;
  await assert.rejects(open(aborted, { signal: AbortSignal.timeout(30) }), { name: 'TimeoutError' });
  assert.equal(aborted.clients.size, 0);
});

test('a refused response-topic subscription fails the open', async () => {
  const cloud = new FakeCloud();
  cloud.refusedTopics.add('foobar/c0ffee00c0ffee00c0ff/response');
  await assert.rejects(open(cloud), { code: 'subscribe-refused' });
});

test('extra subscriptions survive reconnects and deliver message events', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  assert.equal(await channel.subscribe('foobar/lobby'), true);
  cloud.dropAll();
  await until(() => channel.state === 'ready' && cloud.connections.length === 2, 3000, 'reconnected');
  const message = new Promise((resolve) => channel.on('message', resolve));
  assert.equal(await channel.publish('foobar/lobby', { text: 'hi' }), true);
  assert.deepEqual(await message, { topic: 'foobar/lobby', text: '{"text":"hi"}', json: { text: 'hi' } });
  await channel.close();
  assert.equal(await channel.publish('foobar/lobby', 'x'), false);
});

test('listeners given at open see the states from the start', async () => {
  const cloud = new FakeCloud();
  const states = [];
  const channel = await open(cloud, { on: { statechange: ({ state }) => states.push(state) } });
  await channel.close();
  assert.deepEqual(states, ['starting', 'ready', 'closing', 'closed']);
});
