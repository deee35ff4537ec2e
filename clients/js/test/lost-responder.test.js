// Finding a lost responder against the real local cloud (docs/clients.md, "Finding a lost responder"): a responder that
// survives a drop of every IoT connection answers the channel's hello within the hello window, so no trigger is sent and
// no second session starts; a responder SIGKILLed mid-request is noticed by
// the stall timer and replaced once its lease (ResponderLeaseSeconds, short here) expires. Needs the Release build and
// the published functions (./build.sh test does both).
import test, { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { openChannel } from '../src/index.js';
import { startLocalCloud, dropIotConnections, dropIotConnectionsOf, functionProcessIds } from './support/local-cloud.js';
import { until } from './support/fake-cloud.js';

const leaseSeconds = 6;
let cloud;

before(async () => {
  cloud = await startLocalCloud({ parameters: { SessionIdleSeconds: 30, ResponderLeaseSeconds: leaseSeconds } });
});

after(async () => {
  await cloud?.stop();
});

const fast = { backoff: { initialDelayMs: 100, maxDelayMs: 2000 }, readyTimeoutMs: 20_000 };
const opened = [];

async function open(options) {
  const channel = await openChannel(cloud.apiUrl, options);
  opened.push(channel);
  return channel;
}

// A failed assertion leaves its channel open (timers running): close it, so the file ends.
afterEach(async () => {
  await Promise.all(opened.splice(0).map((channel) => channel.close()));
});

function record(channel, ...types) {
  const events = [];
  for (const type of types) {
    channel.on(type, (detail) => events.push({ type, ...detail }));
  }
  return events;
}

/** Responder log lines about `channelId` that contain `text`. */
function responderLines(channelId, text) {
  return cloud.lines.filter((l) => l.startsWith('[ResponderFunction]') && l.includes(channelId) && l.includes(text));
}

test('every IoT connection dropped with nothing in flight: the surviving responder answers the hello with a second ready', async (t) => {
  const channel = await open(fast);
  assert.equal((await channel.request({})).message, 'PONG');
  assert.equal(channel.unanswered, 0);
  const events = record(channel, 'reconnecting', 'ready', 'statechange');
  const times = {};
  channel.on('reconnecting', () => { times.dropped ??= performance.now(); });
  channel.on('ready', () => { times.ready ??= performance.now(); });
  const mark = cloud.lines.length;
  // Both connections drop, the responder's first: the channel's will then reaches nobody (the case where the broker
  // publishes it after the responder's connection died), so the responder survives. It is frozen meanwhile, so it
  // reconnects only after both are down; then it says ready at once, usually while the channel is still reconnecting:
  // only the hello brings a ready, and it comes within the hello window, so the channel sends no trigger.
  const pids = functionProcessIds(cloud.pid, 'ResponderFunction');
  assert.ok(pids.length >= 1, 'a responder process');
  let how = 'socket destroyed';
  try {
    pids.forEach((pid) => process.kill(pid, 'SIGSTOP'));
    if (process.getuid?.() === 0) {
      assert.ok(dropIotConnectionsOf(cloud.iotPort, pids) >= 1, 'the responder\'s connection dropped');
    }
    how = dropIotConnections(cloud.iotPort, () => channel.mqttClient.stream.destroy());
  } finally {
    pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
  }
  await until(() => events.some((e) => e.type === 'ready'), 60_000, 'the second ready');
  const seen = () => `events ${JSON.stringify(events)}\nlog:\n${cloud.lines.slice(mark).filter((l) => l.startsWith('[iot]') || l.includes(channel.channelId)).join('\n')}`;
  assert.ok(events.some((e) => e.type === 'reconnecting'), `reconnected (dropped by ${how})`);
  assert.deepEqual(events.find((e) => e.type === 'ready'), { type: 'ready', idleSeconds: 30, again: true, resent: [] }, seen());
  // The responder survived (as root; otherwise only the channel's socket closed and the will ended it): its ready
  // answered the hello within the window, so no trigger went out and no second session started. Without ss -K the
  // will ended the responder, nobody answered the hello, and the trigger after the window started a new session.
  const served = () => responderLines(channel.channelId, 'Serving channel').length;
  const busy = () => responderLines(channel.channelId, 'another invocation serves it').length;
  // A race the test cannot steer: when the responder's reconnect and resubscribe beat the local IoT endpoint's handling
  // of the channel's dropped socket, the channel's will (bye, disconnected) reaches the survivor, which leaves as the
  // protocol says. Then nobody answers the hello, and the channel triggers (after the window, or at once on the bye):
  // a second session, exactly one.
  const leftOnWill = () => responderLines(channel.channelId, `Client of channel ${channel.channelId} left (disconnected)`).length > 0;
  if (how === 'ss -K' && leftOnWill()) {
    await until(() => served() === 2, 30_000, `a new session after the survivor left on the will\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a stray third session's log line to show
    assert.equal(channel.stats.triggers, 2, `the open's trigger and one after the survivor left\n${seen()}`);
    assert.equal(served(), 2, `exactly one new session\n${seen()}`);
  } else if (how === 'ss -K') {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a stray session's log line to show
    assert.equal(channel.stats.triggers, 1, `only the open's trigger\n${seen()}`);
    assert.equal(served(), 1, `no second session\n${seen()}`);
    assert.equal(busy(), 0, `no trigger waited for the survivor's lease\n${seen()}`);
  } else {
    await until(() => served() === 2, 30_000, 'a new session');
  }
  t.diagnostic(`dropped by ${how}: ${served()} session(s) served the channel, ${busy()} trigger(s) found the lease live, ${channel.stats.triggers} trigger(s) sent, ready again ${Math.round(times.ready - times.dropped)} ms after the drop`);
  await until(() => channel.state === 'ready', 60_000, 'ready');
  assert.deepEqual(await channel.request({ message: 'after' }), { type: 'pong', message: 'PONG', requestId: '2' });
  // Seen once in about twenty runs: the new connection dropped again right after the ready (cause not found; the
  // channel recovered). Kept visible rather than failing the run.
  if (events.filter((e) => e.type === 'reconnecting').length > 1) {
    t.diagnostic(`more than one reconnect: ${seen()}`);
  }
});

test('a responder SIGKILLed mid-request: the stall is noticed, and a new responder answers the request once its lease expires', async (t) => {
  const channel = await open({ ...fast, stallTimeoutMs: 2000, readyTimeoutMs: 4000 });
  const states = record(channel, 'statechange');
  const mark = cloud.lines.length;
  assert.equal((await channel.request({})).requestId, '1');
  const pids = functionProcessIds(cloud.pid, 'ResponderFunction');
  const seen = () => `killed ${pids.join(', ')}; states ${JSON.stringify(states)}\nlog:\n${cloud.lines.slice(mark).filter((l) => !l.startsWith('[iot]') || l.includes(channel.channelId)).join('\n')}`;
  assert.ok(pids.length >= 1, 'a responder process to kill');
  // Frozen first, so the request surely reaches it and goes unanswered; then killed: no bye, no lease release.
  for (const pid of pids) {
    process.kill(pid, 'SIGSTOP');
  }
  const sentAt = performance.now();
  const pending = channel.request({ message: 'mid-request' }, { timeout: 90_000 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const pid of pids) {
    process.kill(pid, 'SIGKILL');
  }
  const reply = await pending;
  const seconds = (performance.now() - sentAt) / 1000;
  t.diagnostic(`answered ${seconds.toFixed(1)} s after the request (stall 2 s, lease ${leaseSeconds} s)`);
  assert.deepEqual(reply, { type: 'pong', message: 'PONG', requestId: '2' });
  assert.equal(channel.stats.stalls, 1, seen());
  assert.deepEqual(states[0], { type: 'statechange', state: 'starting', reason: 'stalled' });
  assert.equal(states.at(-1).state, 'ready');
  assert.equal(responderLines(channel.channelId, 'Serving channel').length, 2, 'a new responder served the channel');
  // The killed holder renewed its lease at most a third of it before the freeze, so a new one could start no sooner.
  assert.ok(seconds >= (leaseSeconds * 2) / 3 - 1, `answered after ${seconds} s`);
  // Exactly once to the app: nothing else arrives for it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(channel.stats.duplicates, 0);
});
