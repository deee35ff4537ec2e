// The channel's small parts: request bookkeeping, the stall watch, backoff delays, session answers and the renewal URL.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PendingRequests } from '../src/pending.js';
import { backoffDelay, defaultBackoff } from '../src/backoff.js';
import { StallWatch, oldestPublishedAt } from '../src/stall.js';
import { parseSession, renewUrlFor, renewSession } from '../src/session.js';
import { until } from './support/fake-cloud.js';

const entry = (text) => ({ text, resolve() {}, reject() {} });

test('pending: the first answer settles, a second is a duplicate, an unknown id is neither', () => {
  const pending = new PendingRequests();
  const one = entry('one');
  pending.add('1', one);
  assert.equal(pending.answer('1'), one);
  assert.equal(pending.answer('1'), 'duplicate');
  assert.equal(pending.answer('2'), undefined);
  assert.equal(pending.size, 0);
});

test('pending: entries come oldest first; forget settles without an answer', () => {
  const pending = new PendingRequests();
  pending.add('b', entry('b'));
  pending.add('a', entry('a'));
  pending.add('c', entry('c'));
  assert.equal(pending.forget('a').text, 'a');
  assert.deepEqual(pending.entries().map(([id]) => id), ['b', 'c']);
  assert.equal(pending.answer('a'), 'duplicate', 'a reply after giving up is dropped');
  assert.ok(pending.has('a') && pending.has('b') && !pending.has('z'));
});

test('pending: rejectAll rejects every unanswered request once', () => {
  const pending = new PendingRequests();
  const errors = [];
  for (const id of ['1', '2']) {
    pending.add(id, { text: id, resolve() {}, reject: (e) => errors.push([id, e.message]) });
  }
  pending.rejectAll(new Error('closed'));
  pending.rejectAll(new Error('again'));
  assert.deepEqual(errors, [['1', 'closed'], ['2', 'closed']]);
});

test('pending: only the newest settled ids are remembered', () => {
  const pending = new PendingRequests(2);
  for (const id of ['1', '2', '3']) {
    pending.add(id, entry(id));
    pending.answer(id);
  }
  assert.equal(pending.answer('1'), undefined);
  assert.equal(pending.answer('3'), 'duplicate');
});

test('backoff: full jitter under an exponential cap that stops at the maximum', () => {
  const options = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, options, () => 0.999999)), [99, 199, 399, 799, 999, 999]);
  assert.equal(backoffDelay(5, options, () => 0), 0);
  const delays = Array.from({ length: 200 }, () => backoffDelay(3, options));
  assert.ok(delays.every((d) => d >= 0 && d < 800));
  assert.ok(new Set(delays).size > 20, 'delays are spread, not in lockstep');
  assert.ok(backoffDelay(0, defaultBackoff, () => 0.99) < 500);
});

const answer = {
  endpointUrl: 'wss://example-ats.iot.eu-west-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAX%2F20261201%2Feu-west-1%2Fiotdevicegateway%2Faws4_request',
  channelId: '3f9c0a6d1e2b4c5a7788',
  clientId: 'client-3f9c0a6d1e2b4c5a7788',
  expiresAt: '2026-12-01T10:05:00Z',
  topics: { session: 'foobar/session', request: 'foobar/3f9c0a6d1e2b4c5a7788/request', response: 'foobar/3f9c0a6d1e2b4c5a7788/response', shared: null },
};

test('session: today\'s answer (no credentials) parses; the region comes from the URL\'s credential scope', () => {
  const session = parseSession(answer);
  assert.equal(session.region, 'eu-west-1');
  assert.equal(session.credentials, null);
  assert.equal(session.expiresAt, Date.parse('2026-12-01T10:05:00Z'));
});

test('session: an answer with credentials keeps them and their expiry', () => {
  const session = parseSession({ ...answer, region: 'us-east-1', credentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: '2026-12-01T11:00:00Z' } });
  assert.equal(session.region, 'us-east-1');
  assert.deepEqual(session.credentials, { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiresAt: Date.parse('2026-12-01T11:00:00Z') });
});

test('session: a broken answer names what is missing', () => {
  assert.throws(() => parseSession({ ...answer, endpointUrl: undefined }), { code: 'session-invalid', message: /endpointUrl/ });
  assert.throws(() => parseSession({ ...answer, topics: { session: 'x' } }), { message: /request/ });
  assert.throws(() => parseSession({ ...answer, expiresAt: 'soon' }), { message: /ISO-8601/ });
  assert.throws(() => parseSession({ ...answer, credentials: { accessKeyId: 'a' } }), { message: /secretAccessKey/ });
});

test('renew URL: one more path segment, stage kept, query dropped', () => {
  assert.equal(renewUrlFor('http://127.0.0.1:3000/'), 'http://127.0.0.1:3000/renew');
  assert.equal(renewUrlFor('https://abc.execute-api.us-east-1.amazonaws.com'), 'https://abc.execute-api.us-east-1.amazonaws.com/renew');
  assert.equal(renewUrlFor('https://api.example.com/prod/?x=1'), 'https://api.example.com/prod/renew');
});

test('renewal without credentials or with expired ones fails before any request', async () => {
  const fetch = () => assert.fail('no request expected');
  await assert.rejects(renewSession('http://x/renew', parseSession(answer), { fetch }), { code: 'url-expired' });
  const expired = parseSession({ ...answer, credentials: { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't', expiration: '2026-12-01T11:00:00Z' } });
  await assert.rejects(renewSession('http://x/renew', expired, { fetch, now: Date.parse('2026-12-01T11:00:01Z') }), { code: 'credentials-expired' });
});

test('renewal for another channel is refused by the client too', async () => {
  const session = parseSession({ ...answer, credentials: { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't', expiration: '2099-01-01T00:00:00Z' } });
  const fetch = async () => new Response(JSON.stringify({ ...answer, channelId: 'other', clientId: 'client-other' }));
  await assert.rejects(renewSession('http://x/renew', session, { fetch }), { code: 'channel-mismatch' });
});

test('stall watch: the oldest published request counts; queued ones (not published) do not', () => {
  const pending = new PendingRequests();
  pending.add('queued', { ...entry('q'), published: false });
  assert.equal(oldestPublishedAt(pending), undefined);
  pending.add('late', { ...entry('l'), published: true, publishedAt: 900 });
  pending.add('resent', { ...entry('r'), published: true, publishedAt: 500 });
  assert.equal(oldestPublishedAt(pending), 500);
  pending.answer('resent');
  assert.equal(oldestPublishedAt(pending), 900, 'answered: the next oldest sets the deadline');
});

test('stall watch: arms only with a limit and something published; re-arms until the oldest is old enough', async () => {
  let now = 0;
  let oldest;
  let stalls = 0;
  const off = new StallWatch(0, () => 0, () => { stalls += 1; }, () => now);
  off.arm();
  assert.equal(off.armed, false, '0 turns it off');
  const watch = new StallWatch(20, () => oldest, () => { stalls += 1; }, () => now);
  watch.arm();
  assert.equal(watch.armed, false, 'nothing published');
  oldest = 0;
  watch.arm();
  assert.equal(watch.armed, true);
  oldest = 15; // the first was answered; the next was published at 15
  now = 20;
  await new Promise((resolve) => setTimeout(resolve, 60)); // the first check (after 20 ms) and a few re-checks
  assert.equal(stalls, 0, 'not yet: the oldest is 5 ms old at each check');
  assert.equal(watch.armed, true, 're-armed for the rest');
  now = 35;
  await until(() => stalls === 1, 1000, 'the stall');
  assert.equal(watch.armed, false, 'disarmed after reporting');
  watch.arm();
  watch.disarm();
  assert.equal(watch.armed, false);
});
