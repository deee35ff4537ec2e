// Demo client for the local cloud (and the deployed stack): plain browser JavaScript + MQTT.js (window.mqtt).
// Flow: GET the session API -> connect to the presigned URL -> subscribe to the response topic -> publish the trigger on
// the session topic -> wait for {"type":"ready"} -> every request gets {"type":"pong",...}; {"type":"bye"} ends it.
// A repeated "ready" (the responder reconnected) makes the page re-send its unanswered requests (requests.js).
'use strict';

const $ = (id) => document.getElementById(id);
const demo = { session: null, client: null, requests: new RequestTracker(), nextRequest: 1, ready: false, pongs: [], resent: [], shared: [] };
window.demo = demo; // for the end-to-end tests and the curious

function log(text) {
  $('log').textContent += `${new Date().toISOString()} ${text}\n`;
}

function setStatus(text, cls) {
  $('status').textContent = text;
  $('status').className = cls || '';
}

function enableSession(on) {
  $('send-text').disabled = !on;
  $('send-button').disabled = !on;
  $('leave-button').disabled = !on;
}

async function start() {
  stop();
  setStatus('fetching a session');
  $('end').textContent = '';
  $('replies').textContent = '';
  const config = await (await fetch('config.json', { cache: 'no-store' })).json();
  $('where').textContent = `(session API ${config.apiUrl})`;
  const response = await fetch(config.apiUrl, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`the session API answered ${response.status}`);
  }
  const session = await response.json();
  demo.session = session;
  $('channel').textContent = `(channel ${session.channelId}, expires ${session.expiresAt || '?'})`;
  $('shared-topic').textContent = session.topics.shared || 'none';
  log(`session ${session.channelId}, client id ${session.clientId}`);

  setStatus('connecting');
  // The presigned URL is single-use in spirit (it expires): no automatic reconnect; "New session" fetches a fresh one.
  const client = mqtt.connect(session.endpointUrl, {
    clientId: session.clientId,
    protocolVersion: 4,
    clean: true,
    keepalive: 60,
    reconnectPeriod: 0,
    connectTimeout: 10000,
    will: { topic: session.topics.request, payload: JSON.stringify({ type: 'bye', reason: 'disconnected' }), qos: 1, retain: false },
  });
  demo.client = client;
  client.on('connect', () => onConnect(client, session));
  client.on('message', (topic, payload) => onMessage(session, topic, payload.toString()));
  client.on('error', (error) => { log(`error: ${error.message}`); setStatus(`error: ${error.message}`, 'error'); });
  client.on('close', () => {
    log('connection closed');
    enableSession(false);
    $('shared-text').disabled = true;
    $('shared-button').disabled = true;
    if (!$('status').classList.contains('ended')) {
      setStatus('disconnected', 'ended');
    }
  });
}

function onConnect(client, session) {
  setStatus('subscribing');
  client.subscribe(session.topics.response, { qos: 1 }, (error, granted) => {
    if (error || !granted.length || granted[0].qos === 128) {
      setStatus('subscription refused', 'error');
      return;
    }
    // Subscribed first, then trigger: the responder's "ready" cannot be missed.
    client.publish(session.topics.session, JSON.stringify({ channelId: session.channelId }), { qos: 1 });
    setStatus('waiting for the responder');
    log(`trigger published on ${session.topics.session}`);
  });
  if (session.topics.shared) {
    client.subscribe(session.topics.shared, { qos: 0 }, (error, granted) => {
      const ok = !error && granted.length && granted[0].qos !== 128;
      $('shared-text').disabled = !ok;
      $('shared-button').disabled = !ok;
      log(ok ? `subscribed to ${session.topics.shared}` : 'shared topic refused');
    });
  }
}

function onMessage(session, topic, text) {
  if (topic === session.topics.shared) {
    let message;
    try { message = JSON.parse(text); } catch { message = { from: '?', text }; }
    demo.shared.push(message);
    const item = document.createElement('li');
    item.textContent = `${message.from === session.clientId ? 'me' : message.from}: ${message.text}`;
    $('shared-messages').prepend(item);
    return;
  }
  if (topic !== session.topics.response) {
    return;
  }
  let message;
  try { message = JSON.parse(text); } catch { log(`not JSON on ${topic}: ${text}`); return; }
  if (message.type === 'ready') {
    demo.ready = true;
    setStatus('ready', 'ready');
    enableSession(true);
    log(`responder ready (idle window ${message.idleSeconds} s)`);
    resend(demo.requests.ready());
  } else if (message.type === 'pong' || message.message === 'PONG') {
    const { sentAt, duplicate } = demo.requests.answer(message.requestId);
    if (duplicate) {
      log(`second pong for request ${message.requestId} (it was re-sent): ignored`);
      return;
    }
    const ms = sentAt === undefined ? null : Math.round((performance.now() - sentAt) * 10) / 10;
    demo.pongs.push({ requestId: message.requestId, ms });
    const item = document.createElement('li');
    item.className = 'pong';
    item.dataset.ms = ms === null ? '' : String(ms);
    item.textContent = `${message.message} #${message.requestId ?? '?'}${ms === null ? '' : ` in ${ms} ms`}`;
    $('replies').append(item);
  } else if (message.type === 'bye') {
    demo.ready = false;
    enableSession(false);
    setStatus(`session ended (${message.reason})`, 'ended');
    $('end').textContent = `The responder left: ${message.reason}.`;
    log(`bye: ${message.reason}`);
  }
}

function sendRequest(text) {
  const { client, session } = demo;
  if (!client || !session || !demo.ready) {
    return;
  }
  const requestId = String(demo.nextRequest++);
  const payload = JSON.stringify({ requestId, message: text });
  demo.requests.track(requestId, payload, performance.now());
  client.publish(session.topics.request, payload, { qos: 1 });
}

// The responder said "ready" again after reconnecting: what it had not answered may never have reached it.
function resend(requests) {
  const { client, session } = demo;
  if (!client || !session || requests.length === 0) {
    return;
  }
  for (const { requestId, payload } of requests) {
    demo.resent.push(requestId);
    client.publish(session.topics.request, payload, { qos: 1 });
  }
  log(`responder ready again: re-sent ${requests.length} unanswered request(s)`);
}

function stop() {
  if (demo.client) {
    demo.client.end(true);
  }
  demo.client = null;
  demo.ready = false;
  demo.requests.clear();
  enableSession(false);
}

$('send-form').addEventListener('submit', (event) => { event.preventDefault(); sendRequest($('send-text').value); });
$('shared-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const { client, session } = demo;
  if (client && session && session.topics.shared) {
    client.publish(session.topics.shared, JSON.stringify({ from: session.clientId, text: $('shared-text').value }), { qos: 0 });
  }
});
$('leave-button').addEventListener('click', () => {
  const { client, session } = demo;
  if (client && session) {
    client.publish(session.topics.request, JSON.stringify({ type: 'bye' }), { qos: 1 });
  }
});
$('restart-button').addEventListener('click', () => start().catch((error) => setStatus(`error: ${error.message}`, 'error')));
window.addEventListener('load', () => start().catch((error) => setStatus(`error: ${error.message}`, 'error')));
