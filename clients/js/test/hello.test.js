// Finding the responder again (docs/protocol.md "Finding the responder again: hello"; docs/clients.md): hello before
// every trigger, the hello window (a hello alone after a reconnect or a stall; the trigger only if no ready comes in
// time), a responder that survived a drop, and dead-responder detection (stallTimeoutMs), against the in-memory fake
// cloud (support/fake-cloud.js), whose triggers start nothing while a responder holds the channel's lease.
import test, { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { openChannel } from '../src/index.js';
import { FakeCloud, until } from './support/fake-cloud.js';

const api = 'http://api.test/';
const hello = '{"type":"hello"}';
const trigger = '{"channelId":"c0ffee00c0ffee00c0ff"}';

const opened = [];

async function open(cloud, options = {}) {
  const channel = await openChannel(api, { mqtt: cloud.mqtt, fetch: cloud.fetch, backoff: { initialDelayMs: 5, maxDelayMs: 20 }, readyTimeoutMs: 500, helloWindowMs: 100, ...options });
  opened.push(channel);
  return channel;
}

// A failed assertion leaves its channel open (timers running): close it, so the file ends.
afterEach(async () => {
  await Promise.all(opened.splice(0).map((channel) => channel.close({ byeTimeoutMs: 50 })));
});

function record(channel, ...types) {
  const events = [];
  for (const type of types) {
    channel.on(type, (detail) => events.push({ type, ...detail }));
  }
  return events;
}

// The channel's publishes on the request and session topics since log index `from`: hello, trigger, requests.
function publishedSince(cloud, from) {
  return cloud.log.slice(from).filter(([kind, topic]) => kind === 'publish' && topic !== undefined).map(([, topic, text]) => (topic === 'foobar/session' ? `trigger ${text}` : text));
}

// When (performance.now()) the channel published `text` on `topic` since log index `from`, in order.
function publishTimes(cloud, from, topic, text) {
  return cloud.log.slice(from).filter(([kind, t, body]) => kind === 'publish' && t === topic && body === text).map(([, , , at]) => at);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a reconnect says hello alone; a responder that survived the drop answers within the hello window: no trigger at all', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { helloWindowMs: 300 });
  const events = record(channel, 'ready', 'statechange');
  const mark = cloud.log.length;
  cloud.dropAll({ willLost: true }); // the responder's connection dropped too: nobody got the will
  await until(() => events.some((e) => e.type === 'ready'), 3000, 'the second ready');
  assert.deepEqual(events.find((e) => e.type === 'ready'), { type: 'ready', idleSeconds: 30, again: true, resent: [] });
  await sleep(450); // past the window: still no trigger
  assert.deepEqual(publishedSince(cloud, mark), [hello]);
  assert.equal(cloud.responders.length, 1, 'the same responder');
  assert.equal(cloud.responders[0].hellos, 1);
  assert.equal(cloud.busyTriggers, 0, 'no trigger waited for the survivor\'s lease');
  assert.deepEqual([channel.stats.hellos, channel.stats.triggers], [2, 1], 'the open\'s hello + trigger, then a hello alone');
  assert.deepEqual(events.filter((e) => e.type === 'statechange').map((e) => e.state), ['reconnecting', 'starting', 'ready']);
  assert.equal((await channel.request({ message: 'after' })).requestId, '1');
  assert.deepEqual(cloud.responders[0].requests.map((r) => r.requestId), ['1']);
  await channel.close();
});

test('a reconnect whose hello nobody answers (the will ended the responder) triggers once the hello window has passed', async () => {
  const cloud = new FakeCloud();
  const windowMs = 300;
  const channel = await open(cloud, { helloWindowMs: windowMs });
  const states = record(channel, 'statechange');
  const mark = cloud.log.length;
  cloud.dropAll(); // the will reached the responder: it said bye (to nobody) and ended
  await until(() => channel.state === 'ready' && cloud.responders.length === 2, 3000, 'a new responder\'s ready');
  assert.equal(cloud.responders[0].alive, false);
  assert.deepEqual(publishedSince(cloud, mark), [hello, hello, `trigger ${trigger}`]);
  const [helloAlone] = publishTimes(cloud, mark, channel.topics.request, hello);
  const [triggered] = publishTimes(cloud, mark, 'foobar/session', trigger);
  assert.ok(triggered - helloAlone >= windowMs - 5, `triggered ${triggered - helloAlone} ms after the hello`);
  assert.equal(cloud.responders[1].hellos, 0, 'the hello went out before the trigger that started the new responder');
  assert.equal(cloud.busyTriggers, 0);
  assert.deepEqual(states.map((e) => e.state), ['reconnecting', 'starting', 'ready'], 'one starting: the window end changes no state');
  assert.deepEqual([channel.stats.hellos, channel.stats.triggers], [3, 2]);
  await channel.close();
});

test('a bye within the hello window (the survivor is leaving) triggers at once', async () => {
  const cloud = new FakeCloud();
  const windowMs = 2000;
  const channel = await open(cloud, { helloWindowMs: windowMs });
  const responder = cloud.responders[0];
  responder.deaf = true; // it misses the hello
  const mark = cloud.log.length;
  cloud.dropAll({ willLost: true });
  await until(() => channel.state === 'starting' && channel.stats.hellos === 2, 3000, 'the hello after the reconnect');
  const byeAt = performance.now();
  responder.bye('idle'); // the lease is free once it is gone
  await until(() => channel.state === 'ready', 3000, 'a new responder\'s ready');
  const [triggered] = publishTimes(cloud, mark, 'foobar/session', trigger);
  assert.ok(triggered - byeAt < windowMs / 2, `triggered ${triggered - byeAt} ms after the bye`);
  assert.deepEqual(publishedSince(cloud, mark), [hello, hello, `trigger ${trigger}`]);
  assert.equal(cloud.responders.length, 2);
  assert.equal(cloud.busyTriggers, 0);
  assert.equal((await channel.request({})).requestId, '1');
  await channel.close();
});

test('helloWindowMs 0: a reconnect says hello and triggers at once; the survivor\'s ready answers the hello, its trigger ends busy', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { helloWindowMs: 0 });
  const events = record(channel, 'ready', 'statechange');
  const mark = cloud.log.length;
  cloud.dropAll({ willLost: true });
  await until(() => events.some((e) => e.type === 'ready'), 3000, 'the second ready');
  assert.deepEqual(publishedSince(cloud, mark), [hello, `trigger ${trigger}`]);
  assert.equal(cloud.responders.length, 1, 'the same responder');
  assert.equal(cloud.responders[0].hellos, 1);
  assert.equal(cloud.busyTriggers, 1, 'the trigger found its lease live');
  assert.deepEqual(events.filter((e) => e.type === 'statechange').map((e) => e.state), ['reconnecting', 'starting', 'ready']);
  await channel.close();
});

test('after a bye the channel knows there is no responder: the next request says hello and triggers at once, no window', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { helloWindowMs: 5000 });
  cloud.responders[0].bye('idle');
  await until(() => channel.state === 'idle', 3000, 'idle after the bye');
  const mark = cloud.log.length;
  const startedAt = performance.now();
  assert.equal((await channel.request({})).requestId, '1');
  assert.ok(performance.now() - startedAt < 2500, `answered after ${performance.now() - startedAt} ms`);
  assert.deepEqual(publishedSince(cloud, mark), [hello, `trigger ${trigger}`, '{"requestId":"1"}']);
  assert.equal(cloud.responders.length, 2);
  await channel.close();
});

test('a request in flight when both connections dropped is re-sent on the survivor\'s ready and answered once', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  cloud.swallowRequests = 1; // its reply went to the dead connection
  const pending = channel.request({});
  await until(() => cloud.responders[0].requests.length === 1);
  const readies = record(channel, 'ready');
  cloud.dropAll({ willLost: true });
  assert.equal((await pending).requestId, '1');
  assert.deepEqual(readies, [{ type: 'ready', idleSeconds: 30, again: true, resent: ['1'] }]);
  assert.deepEqual(cloud.responders[0].requests.map((r) => r.requestId), ['1', '1'], 'once before the drop, once on the ready');
  assert.equal(channel.stats.duplicates, 0);
  await channel.close();
});

test('a survivor still reconnecting misses the hello; its own ready after its reconnect reaches the channel', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud);
  const responder = cloud.responders[0];
  responder.deaf = true;
  cloud.dropAll({ willLost: true });
  await until(() => channel.state === 'starting' && cloud.busyTriggers === 1, 3000, 'hello and trigger after the reconnect');
  assert.equal(responder.hellos, 0, 'the hello was lost');
  const pending = channel.request({ message: 'queued' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(responder.requests, [], 'nothing goes out before a ready');
  responder.deaf = false;
  responder.sayReady(); // subscribed again: ready
  assert.equal((await pending).requestId, '1');
  assert.equal(cloud.responders.length, 1);
  await channel.close();
});

test('stall: a stream of requests answered in time never trips it, though one is always in flight', async () => {
  const cloud = new FakeCloud();
  cloud.replyDelayMs = 50;
  const channel = await open(cloud, { stallTimeoutMs: 500 });
  const states = record(channel, 'statechange');
  const replies = [];
  const end = Date.now() + 2000; // four stall limits with the channel never empty
  let maxInFlight = 0;
  while (Date.now() < end) {
    replies.push(channel.request({}));
    maxInFlight = Math.max(maxInFlight, channel.unanswered);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.all(replies);
  assert.ok(maxInFlight >= 2, `requests overlapped (at most ${maxInFlight} in flight)`);
  assert.equal(channel.stats.stalls, 0);
  assert.equal(channel.stats.triggers, 1);
  assert.deepEqual(states, []);
  await channel.close();
});

test('stall: no reply within stallTimeoutMs makes the channel say hello; the live responder\'s ready re-sends, no trigger', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { stallTimeoutMs: 100 });
  const events = record(channel, 'statechange', 'ready');
  cloud.swallowRequests = 1;
  const mark = cloud.log.length;
  const sentAt = performance.now();
  const pending = channel.request({});
  await until(() => channel.stats.stalls === 1, 3000, 'the stall');
  const stalledAfter = performance.now() - sentAt;
  assert.ok(stalledAfter >= 99, `stalled after ${stalledAfter} ms`);
  assert.equal((await pending).requestId, '1');
  await sleep(200); // past the hello window
  assert.deepEqual(publishedSince(cloud, mark), ['{"requestId":"1"}', hello, '{"requestId":"1"}']);
  assert.deepEqual(events, [
    { type: 'statechange', state: 'starting', reason: 'stalled' },
    { type: 'statechange', state: 'ready', reason: undefined },
    { type: 'ready', idleSeconds: 30, again: true, resent: ['1'] },
  ]);
  assert.equal(cloud.busyTriggers, 0);
  assert.equal(channel.stats.triggers, 1, 'the open\'s only');
  assert.equal(cloud.responders.length, 1);
  await channel.close();
});

test('stall: a killed responder (lease still held) is replaced once its lease expires; the request is answered once', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { stallTimeoutMs: 100, readyTimeoutMs: 150 });
  const states = record(channel, 'statechange');
  cloud.responders[0].kill(600);
  const reply = await channel.request({ message: 'are you there?' });
  assert.equal(reply.requestId, '1');
  assert.equal(cloud.responders.length, 2);
  assert.deepEqual(cloud.responders[1].requests.map((r) => r.requestId), ['1']);
  assert.ok(cloud.busyTriggers >= 2, `asked again while the lease was held (${cloud.busyTriggers} busy triggers)`);
  assert.equal(channel.stats.stalls, 1);
  assert.deepEqual(states[0], { type: 'statechange', state: 'starting', reason: 'stalled' });
  assert.ok(states.some((s) => s.state === 'starting' && /did not say ready within 150 ms/.test(s.reason)), JSON.stringify(states));
  assert.equal(states.at(-1).state, 'ready');
  await channel.close();
});

test('stall: a reply that comes while starting settles its request; requests made meanwhile wait for the ready', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { stallTimeoutMs: 100 });
  const readies = record(channel, 'ready');
  const responder = cloud.responders[0];
  cloud.swallowRequests = 1;
  const slow = channel.request({});
  await until(() => responder.requests.length === 1);
  responder.deaf = true; // it will not answer the hello: the channel stays starting
  await until(() => channel.state === 'starting', 3000, 'the stall');
  const queued = channel.request({ message: 'meanwhile' });
  cloud.route(channel.topics.response, JSON.stringify({ type: 'pong', requestId: '1' })); // the slow reply, at last
  assert.equal((await slow).requestId, '1');
  assert.equal(channel.state, 'starting');
  responder.deaf = false;
  responder.sayReady();
  assert.equal((await queued).requestId, '2');
  assert.deepEqual(readies, [{ type: 'ready', idleSeconds: 30, again: true, resent: [] }], 'the answered request is not re-sent');
  assert.deepEqual(responder.requests.map((r) => r.requestId), ['1', '2']);
  await channel.close();
});

test('stall: stallTimeoutMs 0 turns detection off', async () => {
  const cloud = new FakeCloud();
  const channel = await open(cloud, { stallTimeoutMs: 0 });
  cloud.swallowRequests = 1;
  await assert.rejects(channel.request({}, { timeout: 300 }), { code: 'request-timeout' });
  assert.equal(channel.stats.stalls, 0);
  assert.equal(channel.stats.triggers, 1);
  assert.equal(channel.state, 'ready');
  await channel.close();
});
