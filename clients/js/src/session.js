// The session API: GET <api> issues a channel (a presigned wss:// URL, ids, topics and, where renewal is offered, the
// channel's scoped credentials); POST <api>/renew, SigV4-signed with those credentials, returns a fresh URL and fresh
// credentials for the same channel (docs/session.md). Secrets in here (the URL, the credentials) are never logged.
import { ChannelError } from './errors.js';
import { signRequest } from './sigv4.js';

function required(object, name, type = 'string') {
  const value = object?.[name];
  if (typeof value !== type || (type === 'string' && value.length === 0)) {
    throw new ChannelError('session-invalid', `the session API's answer has no ${name} (${type}); is the URL a session API?`);
  }
  return value;
}

function time(text, name) {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new ChannelError('session-invalid', `the session API's ${name} is not an ISO-8601 time`);
  }
  return ms;
}

// X-Amz-Credential = <key id>/<yyyymmdd>/<region>/iotdevicegateway/aws4_request: the region, when the answer has none.
function regionOf(endpointUrl) {
  const credential = new URL(endpointUrl).searchParams.get('X-Amz-Credential') ?? '';
  return credential.split('/')[2] ?? '';
}

/** Checks a session answer and returns what the channel keeps: times as epoch milliseconds, credentials or null. */
export function parseSession(body) {
  const endpointUrl = required(body, 'endpointUrl');
  const topics = required(body, 'topics', 'object');
  for (const name of ['session', 'request', 'response']) {
    required(topics, name);
  }
  const credentials = body.credentials
    ? {
      accessKeyId: required(body.credentials, 'accessKeyId'),
      secretAccessKey: required(body.credentials, 'secretAccessKey'),
      sessionToken: required(body.credentials, 'sessionToken'),
      expiresAt: time(required(body.credentials, 'expiration'), 'credentials.expiration'),
    }
    : null;
  return {
    endpointUrl,
    channelId: required(body, 'channelId'),
    clientId: required(body, 'clientId'),
    expiresAt: time(required(body, 'expiresAt'), 'expiresAt'),
    topics: { session: topics.session, request: topics.request, response: topics.response, shared: topics.shared ?? null },
    region: typeof body.region === 'string' && body.region ? body.region : regionOf(endpointUrl),
    credentials,
  };
}

async function readJson(response, what) {
  const text = await response.text();
  if (!response.ok) {
    let detail = '';
    try { detail = JSON.parse(text).message ?? ''; } catch { detail = text.slice(0, 200); }
    const code = what === 'renewal' && (response.status === 401 || response.status === 403) ? 'renewal-refused' : `${what}-failed`;
    throw new ChannelError(code, `the ${what} request answered ${response.status}${detail ? `: ${detail}` : ''}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ChannelError('session-invalid', `the ${what} answer is not JSON`);
  }
}

/** GET the session API: a new channel. */
export async function fetchSession(sessionApiUrl, { fetch = globalThis.fetch, signal } = {}) {
  let response;
  try {
    response = await fetch(sessionApiUrl, { cache: 'no-store', signal });
  } catch (error) {
    if (signal?.aborted) { throw signal.reason; }
    throw new ChannelError('session-failed', `the session API ${sessionApiUrl} could not be reached: ${error.message}`, { cause: error });
  }
  return parseSession(await readJson(response, 'session'));
}

/** <api>/renew for a session API URL: the same path with one more segment (a stage such as /prod/ is kept). */
export function renewUrlFor(sessionApiUrl) {
  const url = new URL(sessionApiUrl);
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/renew`;
  return url.toString();
}

/** POST <api>/renew signed with the session's credentials: a fresh URL and credentials for the same channel. */
export async function renewSession(renewUrl, session, { fetch = globalThis.fetch, signal, now = Date.now() } = {}) {
  if (!session.credentials) {
    throw new ChannelError('url-expired', 'the presigned URL expired and this session API issues no credentials to renew it; open a new channel');
  }
  if (session.credentials.expiresAt <= now) {
    throw new ChannelError('credentials-expired', `the channel's credentials expired at ${new Date(session.credentials.expiresAt).toISOString()}; open a new channel`);
  }
  const { headers } = await signRequest({
    method: 'POST', url: renewUrl, region: session.region, service: 'execute-api', credentials: session.credentials, date: new Date(now),
  });
  let response;
  try {
    response = await fetch(renewUrl, { method: 'POST', headers, cache: 'no-store', signal });
  } catch (error) {
    if (signal?.aborted) { throw signal.reason; }
    throw new ChannelError('renewal-failed', `the renewal request could not be sent: ${error.message}`, { cause: error });
  }
  const renewed = parseSession(await readJson(response, 'renewal'));
  if (renewed.channelId !== session.channelId || renewed.clientId !== session.clientId) {
    throw new ChannelError('channel-mismatch', `the renewal answered for channel ${renewed.channelId}, not ${session.channelId}`);
  }
  return renewed;
}
