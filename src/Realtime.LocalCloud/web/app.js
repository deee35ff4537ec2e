// Demo page for the local cloud (and the deployed stack). All of the channel protocol (session, connect, trigger, ready,
// requestIds, re-sends, reconnects, renewal, bye) lives in the JS client (clients/js, served here as realtime/); this page
// only shows what the channel does. MQTT.js comes from vendor/mqtt.min.js (the browser global the client picks up).
import { openChannel } from './realtime/index.js';

const $ = (id) => document.getElementById(id);
const demo = { channel: null, pongs: [], resent: [], events: [], renewals: 0 };
window.demo = demo; // for the end-to-end tests and the curious

function log(text) {
  $('log').textContent += `${new Date().toISOString()} ${text}\n`;
}

function setStatus(text, cls) {
  $('status').textContent = text;
  $('status').className = cls || '';
}

// The channel's visible history: every event the page is told about, newest first.
function event(text) {
  demo.events.push(text);
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('events').prepend(item);
  log(text);
}

function enableSession(on) {
  $('send-text').disabled = !on;
  $('send-button').disabled = !on;
  $('leave-button').disabled = !on;
}

function enableShared(on) {
  $('shared-text').disabled = !on;
  $('shared-button').disabled = !on;
}

function showExpiry(channel) {
  const credentials = channel.credentialsExpireAt;
  $('channel').textContent = `(channel ${channel.channelId}, URL valid until ${channel.expiresAt.toISOString()}` +
    `${credentials ? `, renewable until ${credentials.toISOString()}` : ', no renewal'})`;
}

// What each channel state looks like on the page.
const onState = {
  connecting: () => setStatus('connecting'),
  // reason: 'stalled' (the responder stopped answering) or a ready time limit that passed; asking again with hello.
  starting: (reason) => {
    setStatus(reason ? `waiting for the responder (${reason})` : 'waiting for the responder');
    if (reason) {
      event(`asking for the responder again (${reason})`);
    }
  },
  ready: () => setStatus('ready', 'ready'),
  idle: (reason) => setStatus(reason ? `session ended (${reason})` : 'idle', 'ended'),
  reconnecting: (reason) => setStatus(`reconnecting (${reason})`, 'reconnecting'),
  closing: () => setStatus('leaving'),
  closed: () => {},
};

const listeners = {
  statechange: ({ state, reason }) => onState[state]?.(reason),
  ready: ({ idleSeconds, again, resent }) => {
    enableSession(true);
    demo.resent.push(...resent);
    event(`ready${again ? ' again' : ''} (idle window ${idleSeconds} s${resent.length ? `, re-sent ${resent.join(', ')}` : ''})`);
  },
  reconnecting: ({ reason, attempt, delayMs }) => event(`reconnecting (${reason}): attempt ${attempt} in ${delayMs} ms`),
  renewed: ({ expiresAt }) => {
    demo.renewals += 1;
    $('renewals').textContent = `renewed ${demo.renewals}×`;
    event(`renewed (URL valid until ${expiresAt.toISOString()})`);
  },
  bye: ({ reason }) => {
    $('end').textContent = reason === 'client-left' ? 'You left.' : `The responder left: ${reason}. Send starts it again.`;
    setStatus(`session ended (${reason})`, 'ended');
    event(`bye (${reason})`);
  },
  closed: ({ reason, message }) => {
    enableSession(false);
    enableShared(false);
    if (reason !== 'closed') {
      setStatus(`closed (${reason})`, 'error');
      $('end').textContent = message;
    }
    event(`closed (${reason})`);
  },
  message: ({ topic, json, text }) => {
    if (topic !== demo.channel?.topics.shared) {
      return;
    }
    const message = json ?? { from: '?', text };
    const item = document.createElement('li');
    item.textContent = `${message.from === demo.channel.clientId ? 'me' : message.from}: ${message.text}`;
    $('shared-messages').prepend(item);
  },
};

async function start() {
  const previous = demo.channel;
  demo.channel = null;
  enableSession(false);
  enableShared(false);
  await previous?.close();
  setStatus('fetching a session');
  $('end').textContent = '';
  $('replies').textContent = '';
  $('events').textContent = '';
  $('renewals').textContent = '';
  const config = await (await fetch('config.json', { cache: 'no-store' })).json();
  $('where').textContent = `(session API ${config.apiUrl})`;
  setStatus('connecting');
  const channel = await openChannel(config.apiUrl, { on: listeners });
  demo.channel = channel;
  showExpiry(channel);
  channel.on('renewed', () => showExpiry(channel));
  log(`channel ${channel.channelId}, client id ${channel.clientId}`);
  const shared = channel.topics.shared;
  $('shared-topic').textContent = shared || 'none';
  if (shared) {
    const ok = await channel.subscribe(shared);
    enableShared(ok);
    log(ok ? `subscribed to ${shared}` : 'shared topic refused');
  }
}

async function send(text) {
  const { channel } = demo;
  if (!channel) {
    return;
  }
  const sentAt = performance.now();
  try {
    const reply = await channel.request({ message: text });
    const ms = Math.round((performance.now() - sentAt) * 10) / 10;
    demo.pongs.push({ requestId: reply.requestId, ms });
    const item = document.createElement('li');
    item.className = 'pong';
    item.dataset.ms = String(ms);
    item.textContent = `${reply.message} #${reply.requestId} in ${ms} ms`;
    $('replies').append(item);
  } catch (error) {
    log(`request failed: ${error.message}`);
  }
}

function fail(error) {
  setStatus(`error: ${error.message}`, 'error');
  log(`error: ${error.message}`);
}

$('send-form').addEventListener('submit', (e) => { e.preventDefault(); send($('send-text').value); });
$('shared-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const { channel } = demo;
  if (channel?.topics.shared) {
    channel.publish(channel.topics.shared, { from: channel.clientId, text: $('shared-text').value });
  }
});
$('leave-button').addEventListener('click', () => demo.channel?.close());
$('restart-button').addEventListener('click', () => start().catch(fail));
start().catch(fail);
