// Unit tests of the demo page's request tracking (src/Realtime.LocalCloud/web/requests.js), run with `node --test`
// by DemoPageLogicTests.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { RequestTracker } = require(path.resolve(process.env.DEMO_WEB_DIR || path.join(__dirname, '../../../src/Realtime.LocalCloud/web'), 'requests.js'));

test('the first ready re-sends nothing', () => {
  const tracker = new RequestTracker();
  tracker.track('1', '{"requestId":"1"}', 10);
  assert.deepEqual(tracker.ready(), []);
});

test('a repeated ready re-sends the unanswered requests, oldest first, with their original payloads', () => {
  const tracker = new RequestTracker();
  assert.deepEqual(tracker.ready(), []);
  tracker.track('1', 'one', 10);
  tracker.track('2', 'two', 20);
  tracker.track('3', 'three', 30);
  assert.deepEqual(tracker.answer('2'), { sentAt: 20 });
  assert.deepEqual(tracker.ready(), [{ requestId: '1', payload: 'one' }, { requestId: '3', payload: 'three' }]);
});

test('a re-sent request stays unanswered until its pong; a second pong is a duplicate', () => {
  const tracker = new RequestTracker();
  tracker.ready();
  tracker.track('1', 'one', 10);
  assert.equal(tracker.ready().length, 1);
  assert.equal(tracker.ready().length, 1);
  assert.deepEqual(tracker.answer('1'), { sentAt: 10 });
  assert.deepEqual(tracker.answer('1'), { duplicate: true });
  assert.deepEqual(tracker.ready(), []);
});

test('a pong for an unknown request id is neither timed nor a duplicate', () => {
  const tracker = new RequestTracker();
  assert.deepEqual(tracker.answer('nope'), {});
  assert.deepEqual(tracker.answer(undefined), {});
});

test('clear starts a new session: its first ready re-sends nothing', () => {
  const tracker = new RequestTracker();
  tracker.ready();
  tracker.track('1', 'one', 10);
  tracker.clear();
  tracker.track('5', 'five', 50);
  assert.deepEqual(tracker.ready(), []);
});
