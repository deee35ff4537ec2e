// One MQTT connection of a channel: MQTT.js over WebSocket to the presigned URL (unchanged: it is signed), MQTT 3.1.1,
// clean session, the channel's will, the response topic subscribed before anything is published (docs/protocol.md,
// "No lost first request"). MQTT.js never reconnects by itself (reconnectPeriod 0): the channel does, because a
// reconnect may need a freshly presigned URL, which MQTT.js cannot fetch.
import { ChannelError } from './errors.js';

const decoder = new TextDecoder();

/** The will the broker publishes on the request topic when this connection dies without DISCONNECT. */
export const willPayload = JSON.stringify({ type: 'bye', reason: 'disconnected' });

function subscribe(client, topic, qos) {
  return new Promise((resolve, reject) => {
    client.subscribe(topic, { qos }, (error, granted) => {
      if (error) {
        reject(error);
      } else {
        // SUBACK 0x80 = refused [MQTT-3.9.3-2]: AWS IoT (and the local cloud) refuse topics the policy does not allow.
        resolve(Array.isArray(granted) && granted.length > 0 && granted[0].qos !== 128);
      }
    });
  });
}

function describe(error, fallback) {
  return error?.message ? `${fallback} (${error.message})` : fallback;
}

/**
 * Connects and subscribes to the response topic and `extraTopics` (Map topic -> qos). Resolves with
 * { client, refused: [topics], end(graceful) → Promise, start() } once the response topic's SUBACK is in; rejects with a
 * ChannelError('connect-failed' or 'subscribe-refused'). After start(), `handlers.onMessage(topic, text)` gets every message
 * (those that came earlier first);
 * `handlers.onDrop(reason)` is called once when an established link closes without `end()` having been called.
 */
export function openLink(mqtt, session, { keepaliveSeconds, connectTimeoutMs, extraTopics }, handlers) {
  return new Promise((resolve, reject) => {
    let client;
    try {
      client = mqtt.connect(session.endpointUrl, {
        clientId: session.clientId,
        protocolVersion: 4,
        clean: true,
        keepalive: keepaliveSeconds,
        reconnectPeriod: 0,
        connectTimeout: connectTimeoutMs,
        resubscribe: false,
        will: { topic: session.topics.request, payload: willPayload, qos: 1, retain: false },
      });
    } catch (error) {
      reject(new ChannelError('connect-failed', describe(error, 'could not start the MQTT connection'), { cause: error }));
      return;
    }
    let established = false;
    let settled = false;
    let ended = false;
    let lastError = null;
    const fail = (error) => {
      if (!settled) {
        settled = true;
        client.end(true);
        reject(error);
      }
    };
    // Ends the link on purpose: no onDrop. Graceful sends DISCONNECT (the broker drops the will) and waits, bounded.
    const end = (graceful) => new Promise((done) => {
      ended = true;
      if (!graceful) {
        client.end(true, () => done());
        return;
      }
      const timer = setTimeout(() => { client.end(true); done(); }, 2000);
      client.end(false, () => { clearTimeout(timer); done(); });
    });

    client.on('error', (error) => {
      lastError = error;
      fail(new ChannelError('connect-failed', describe(error, 'the MQTT connection failed'), { cause: error }));
    });
    client.on('close', () => {
      if (!settled) {
        fail(new ChannelError('connect-failed', describe(lastError, 'the connection closed before the broker accepted it')));
      } else if (established && !ended) {
        established = false;
        handlers.onDrop(describe(lastError, 'connection lost'));
      }
    });
    // Messages that arrive before start() (between the SUBACK and the channel taking the link) wait, in order.
    let early = [];
    const start = () => {
      const waiting = early;
      early = null;
      for (const [topic, text] of waiting) {
        if (!ended) {
          handlers.onMessage(topic, text);
        }
      }
    };
    client.on('message', (topic, payload) => {
      const text = typeof payload === 'string' ? payload : decoder.decode(payload);
      if (early) {
        early.push([topic, text]);
      } else if (!ended) {
        handlers.onMessage(topic, text);
      }
    });
    client.on('connect', async () => {
      try {
        if (!(await subscribe(client, session.topics.response, 1))) {
          fail(new ChannelError('subscribe-refused', `the broker refused the subscription to ${session.topics.response}`));
          return;
        }
        const refused = [];
        for (const [topic, qos] of extraTopics) {
          if (!(await subscribe(client, topic, qos))) {
            refused.push(topic);
          }
        }
        if (!settled) {
          settled = true;
          established = true;
          resolve({ client, refused, end, start });
        }
      } catch (error) {
        fail(new ChannelError('connect-failed', describe(error, 'the subscription failed'), { cause: error }));
      }
    });
  });
}

/** Publishes and resolves when the broker acknowledged (QoS 1) or the packet went out (QoS 0); never rejects. */
export function publish(client, topic, text, qos) {
  return new Promise((resolve) => {
    client.publish(topic, text, { qos }, (error) => resolve(!error));
  });
}
