#!/usr/bin/env node
// Measures the local cloud end to end, as a browser would use it (MQTT.js to the in-process broker):
//   node src/Realtime.LocalCloud/web/tools/measure.js [session API URL] [PONG count] [sessions]
// Prints, per session: GET session, MQTT connect, trigger -> ready, then PONG round trips (p50/p99/max) over all sessions.
'use strict';
const mqtt = require('../node_modules/mqtt');

const api = process.argv[2] || 'http://127.0.0.1:3000/';
const pongs = Number(process.argv[3] || 200);
const sessions = Number(process.argv[4] || 3);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function oneSession(index, rtts) {
  const t0 = now();
  const session = await (await fetch(api, { cache: 'no-store' })).json();
  const tSession = now();
  const client = mqtt.connect(session.endpointUrl, { clientId: session.clientId, protocolVersion: 4, reconnectPeriod: 0 });
  await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
  const tConnect = now();
  const pending = new Map();
  let readyAt = 0;
  let onReady;
  const ready = new Promise((resolve) => { onReady = resolve; });
  let onAll;
  const all = new Promise((resolve) => { onAll = resolve; });
  let received = 0;
  client.on('message', (topic, payload) => {
    const message = JSON.parse(payload.toString());
    if (message.type === 'ready') { readyAt = now(); onReady(); }
    if (message.type === 'pong') {
      rtts.push(now() - pending.get(message.requestId));
      if (++received === pongs) { onAll(); } else { send(received); }
    }
  });
  const send = (i) => {
    const requestId = String(i);
    pending.set(requestId, now());
    client.publish(session.topics.request, JSON.stringify({ requestId }), { qos: 1 });
  };
  await new Promise((resolve) => client.subscribe(session.topics.response, { qos: 1 }, resolve));
  const tTrigger = now();
  client.publish(session.topics.session, JSON.stringify({ channelId: session.channelId }), { qos: 1 });
  await ready;
  send(0);
  await all;
  client.publish(session.topics.request, JSON.stringify({ type: 'bye' }), { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  client.end(true);
  console.log(`session ${index + 1}: GET ${(tSession - t0).toFixed(1)} ms, connect ${(tConnect - tSession).toFixed(1)} ms, ` +
    `trigger->ready ${(readyAt - tTrigger).toFixed(1)} ms`);
}

(async () => {
  const rtts = [];
  for (let i = 0; i < sessions; i++) {
    await oneSession(i, rtts);
  }
  rtts.sort((a, b) => a - b);
  console.log(`PONG round trip over ${rtts.length} requests (one at a time): p50 ${percentile(rtts, 0.5).toFixed(2)} ms, ` +
    `p99 ${percentile(rtts, 0.99).toFixed(2)} ms, max ${rtts[rtts.length - 1].toFixed(2)} ms`);
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
