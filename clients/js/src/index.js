// realtime-channel: the JavaScript client of the channel protocol (docs/clients.md). Browsers (no bundler) and Node.js 20+.
import { Channel, defaults } from './channel.js';
import { ChannelError } from './errors.js';
import { fetchSession, renewUrlFor } from './session.js';

export { Channel, ChannelError };
export { signRequest } from './sigv4.js';

// MQTT.js: given in the options, else the browser global of its UMD build (<script src="mqtt.min.js">), else the 'mqtt'
// package (Node.js, or a browser import map that maps "mqtt" to mqtt.esm.js).
async function loadMqtt(given) {
  if (given) {
    return given;
  }
  if (typeof globalThis.mqtt?.connect === 'function') {
    return globalThis.mqtt;
  }
  try {
    const module = await import('mqtt');
    return typeof module.connect === 'function' ? module : module.default;
  } catch (error) {
    throw new ChannelError('connect-failed',
      'MQTT.js was not found: in a browser load its dist/mqtt.min.js with a <script> tag (or map "mqtt" to dist/mqtt.esm.js in an import map); in Node.js run npm install',
      { cause: error });
  }
}

/**
 * Opens a channel: GET the session API, connect to the presigned URL, subscribe, trigger the responder and wait for its
 * ready. Rejects with a ChannelError (or the signal's reason) and leaves nothing open when any step fails.
 */
export async function openChannel(sessionApiUrl, options = {}) {
  const { signal } = options;
  signal?.throwIfAborted();
  const settings = {
    ...defaults,
    ...options,
    backoff: { ...defaults.backoff, ...options.backoff },
    now: options.now ?? Date.now,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    renewUrl: options.renewUrl ?? renewUrlFor(sessionApiUrl),
  };
  settings.mqtt = await loadMqtt(options.mqtt);
  const session = await fetchSession(sessionApiUrl, { fetch: settings.fetch, signal });
  const channel = new Channel(session, settings);
  await channel.open(signal);
  return channel;
}
