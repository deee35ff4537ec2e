// Renewal against the real local cloud with short lifetimes: presigned URLs valid 10 s (URL_EXPIRY_SECONDS), STS
// credentials 30 s (--credential-seconds). The channel outlives both and keeps answering.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openChannel } from '../src/index.js';
import { startLocalCloud, dropIotConnections } from './support/local-cloud.js';
import { until } from './support/fake-cloud.js';

const urlSeconds = 10;
const credentialSeconds = 30;
let cloud;

before(async () => {
  cloud = await startLocalCloud({ env: { URL_EXPIRY_SECONDS: urlSeconds }, credentialSeconds, parameters: { SessionIdleSeconds: 60 } });
});

after(async () => {
  await cloud?.stop();
});

const fast = { backoff: { initialDelayMs: 100, maxDelayMs: 2000 }, readyTimeoutMs: 20_000 };

test('the session answer carries the short lifetimes and renewable credentials', async () => {
  const start = Date.now();
  const channel = await openChannel(cloud.apiUrl, fast);
  const end = Date.now();
  // Issued between start and end (whole seconds: up to 1 s earlier than the exact instant).
  const within = (at, seconds) => at >= start + seconds * 1000 - 1000 && at <= end + seconds * 1000;
  assert.ok(within(channel.expiresAt.getTime(), urlSeconds), `URL expiry ${channel.expiresAt.toISOString()}`);
  assert.ok(within(channel.credentialsExpireAt.getTime(), credentialSeconds), `credentials expiry ${channel.credentialsExpireAt.toISOString()}`);
  await channel.close();
});

test('kept open past its URL\'s expiry, a dropped channel renews, reconnects and answers every request once', async () => {
  const channel = await openChannel(cloud.apiUrl, fast);
  const events = [];
  for (const type of ['renewed', 'reconnecting', 'ready', 'closed']) {
    channel.on(type, (detail) => events.push({ type, ...detail }));
  }
  const firstUrlExpiry = channel.expiresAt.getTime();
  assert.equal((await channel.request({})).requestId, '1');
  await until(() => Date.now() > firstUrlExpiry + 500, urlSeconds * 1000 + 5000, 'the URL to expire');
  assert.equal((await channel.request({})).requestId, '2', 'an open connection outlives its URL');

  const during = [channel.request({}), channel.request({})];
  dropIotConnections(cloud.iotPort, () => channel.mqttClient.stream.destroy());
  const after = channel.request({});
  const replies = await Promise.all([...during, after]);
  assert.deepEqual(replies.map((r) => r.requestId).sort(), ['3', '4', '5']);
  assert.ok(events.some((e) => e.type === 'reconnecting'), 'reconnected');
  const renewed = events.find((e) => e.type === 'renewed');
  assert.ok(renewed, `renewed before reconnecting; events: ${JSON.stringify(events)}`);
  assert.ok(channel.expiresAt.getTime() > Date.now(), 'the new URL is valid');
  assert.ok(channel.stats.renewals >= 1);
  assert.ok(cloud.lines.some((l) => l.includes('POST /renew -> 200')), 'the local HTTP API renewed it');
  assert.deepEqual(cloud.lines.filter((l) => l.includes('POST /renew -> 403')), [], 'no refused renewal');
  await channel.close();
  assert.deepEqual(events.filter((e) => e.type === 'closed').map((e) => e.reason), ['closed']);
});

test('credentials are renewed while connected, before they expire, without a reconnect', async () => {
  // Renew 25 s before the 30 s credentials expire: after about 5 s.
  const channel = await openChannel(cloud.apiUrl, { ...fast, renewMarginMs: 25_000 });
  const before = channel.credentialsExpireAt.getTime();
  const renewed = await new Promise((resolve) => channel.on('renewed', resolve));
  assert.ok(renewed.credentialsExpireAt.getTime() > before, 'fresher credentials');
  assert.equal(channel.stats.reconnects, 0);
  assert.equal(channel.state, 'ready');
  assert.equal((await channel.request({})).message, 'PONG');
  await channel.close();
});

test('a drop once the credentials expired closes the channel with reason credentials-expired', async () => {
  let offset = 0; // the channel's clock runs ahead: its credentials look expired, as they would after an hour offline
  const channel = await openChannel(cloud.apiUrl, { ...fast, now: () => Date.now() + offset });
  offset = credentialSeconds * 1000 + 1000;
  dropIotConnections(cloud.iotPort, () => channel.mqttClient.stream.destroy());
  const closed = await channel.closed;
  assert.equal(closed.reason, 'credentials-expired');
  assert.match(closed.message, /open a new channel/);
  await assert.rejects(channel.request({}), { code: 'closed' });
});

test('no function logged an error', () => {
  assert.deepEqual(cloud.errorLines(), []);
});
