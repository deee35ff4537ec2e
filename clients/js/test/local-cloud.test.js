// The JS client against the real local cloud (session function, IoT endpoint with SigV4 + IAM, Mosquitto, the
// responder function), driven as an app would. Needs the Release build (./build.sh test builds it first).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openChannel } from '../src/index.js';
import { startLocalCloud, dropIotConnections } from './support/local-cloud.js';
import { until } from './support/fake-cloud.js';

const idleSeconds = 5;
let cloud;

before(async () => {
  cloud = await startLocalCloud({ parameters: { SessionIdleSeconds: idleSeconds, SharedTopic: 'lobby' } });
});

after(async () => {
  await cloud?.stop();
});

const fast = { backoff: { initialDelayMs: 100, maxDelayMs: 2000 }, readyTimeoutMs: 20_000 };

function record(channel, ...types) {
  const events = [];
  for (const type of types) {
    channel.on(type, (detail) => events.push({ type, ...detail }));
  }
  return events;
}

test('open, request, close: PONG with the requestId, and the responder\'s bye on close', async () => {
  const channel = await openChannel(cloud.apiUrl, fast);
  const events = record(channel, 'bye', 'closed');
  assert.match(channel.channelId, /^[0-9a-f]{20}$/);
  assert.equal(channel.state, 'ready');
  assert.equal(channel.idleSeconds, idleSeconds);
  assert.deepEqual(await channel.request({ message: 'hello' }), { type: 'pong', message: 'PONG', requestId: '1' });
  await channel.close();
  assert.deepEqual(events, [{ type: 'bye', reason: 'client-left' }, { type: 'closed', reason: 'closed', message: 'the app closed the channel' }]);
  assert.deepEqual(cloud.errorLines(), []);
});

test('fifty concurrent requests are each answered once, with their own requestId', async () => {
  const channel = await openChannel(cloud.apiUrl, fast);
  const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => channel.request({ requestId: `r${i}` })));
  assert.deepEqual(replies.map((r) => r.requestId), Array.from({ length: 50 }, (_, i) => `r${i}`));
  assert.equal(channel.stats.duplicates, 0);
  await channel.close();
});

test('after the responder\'s idle bye, the next request starts it again', async () => {
  const channel = await openChannel(cloud.apiUrl, fast);
  const bye = new Promise((resolve) => channel.on('bye', resolve));
  assert.equal((await channel.request({})).message, 'PONG');
  assert.deepEqual(await bye, { reason: 'idle' });
  assert.equal(channel.state, 'idle');
  assert.equal((await channel.request({ message: 'again' })).requestId, '2');
  assert.equal(channel.stats.triggers, 2);
  await channel.close();
});

test('every IoT connection dropped mid-session: the channel reconnects and every request is answered exactly once', async () => {
  const channel = await openChannel(cloud.apiUrl, fast);
  const events = record(channel, 'reconnecting', 'ready');
  const answers = new Map();
  const requests = [];
  for (let i = 0; i < 40; i++) {
    requests.push(channel.request({ requestId: `q${i}` }).then((reply) => answers.set(reply.requestId, (answers.get(reply.requestId) ?? 0) + 1)));
    if (i === 20) {
      dropIotConnections(cloud.iotPort, () => channel.mqttClient.stream.destroy());
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(requests);
  assert.equal(answers.size, 40);
  assert.ok([...answers.values()].every((n) => n === 1));
  const reconnecting = events.find((e) => e.type === 'reconnecting');
  assert.ok(reconnecting, 'a reconnecting event');
  assert.match(reconnecting.reason, /^connection lost/);
  assert.ok(events.some((e) => e.type === 'ready' && e.again), 'ready again after the reconnect');
  assert.equal(channel.state, 'ready');
  assert.deepEqual((await channel.request({ message: 'after' })).message, 'PONG');
  await channel.close();
});

test('the shared topic: publish and receive through the channel', async () => {
  const channel = await openChannel(cloud.apiUrl, fast);
  assert.equal(channel.topics.shared, 'foobar/lobby');
  assert.equal(await channel.subscribe(channel.topics.shared), true);
  const received = new Promise((resolve) => channel.on('message', resolve));
  assert.equal(await channel.publish(channel.topics.shared, { text: 'hi' }, { qos: 1 }), true);
  assert.deepEqual((await received).json, { text: 'hi' });
  assert.equal(await channel.subscribe('foobar/someone-else/response'), false, 'the scoped credentials refuse other channels');
  await channel.close();
});

test('an unreachable session API fails the open with a clear error', async () => {
  await assert.rejects(openChannel('http://127.0.0.1:9/', fast), { code: 'session-failed', message: /could not be reached/ });
});

test('no function logged an error', async () => {
  await until(() => true);
  assert.deepEqual(cloud.errorLines(), []);
});
