// Types of the realtime-channel client (docs/clients.md). The JavaScript is plain ES modules; these declarations
// describe the public surface only.

/** What a channel is doing. `idle`: connected, no responder (after a bye); the next request starts one. */
export type ChannelState = 'connecting' | 'starting' | 'ready' | 'idle' | 'reconnecting' | 'closing' | 'closed';

/** Why a channel closed, or what failed (ChannelError.code). */
export type ChannelErrorCode =
  | 'closed' | 'aborted'
  | 'session-failed' | 'session-invalid' | 'connect-failed' | 'subscribe-refused' | 'ready-timeout' | 'request-timeout'
  | 'credentials-expired' | 'url-expired' | 'renewal-refused' | 'renewal-failed' | 'channel-mismatch';

/** A channel failure with a machine-readable code; `name` is 'TimeoutError' for the two timeouts. */
export class ChannelError extends Error {
  constructor(code: ChannelErrorCode, message: string, options?: ErrorOptions);
  readonly code: ChannelErrorCode;
  /** True when retrying cannot help (expired or refused credentials, a bad session answer). */
  readonly fatal: boolean;
}

/** The channel's topics, from the session API. */
export interface ChannelTopics {
  session: string;
  request: string;
  response: string;
  shared: string | null;
}

/** A reply on the response topic: at least the requestId it answers (the sample responder adds type 'pong' and message). */
export interface Reply {
  requestId: string;
  [key: string]: unknown;
}

/** Event details, by event type. */
export interface ChannelEventMap {
  /** The responder is subscribed: requests are delivered. `again`: not the channel's first ready; `resent`: re-published requestIds. */
  ready: { idleSeconds: number | null; again: boolean; resent: string[] };
  /** The connection dropped or a reconnect attempt failed; the next attempt starts after `delayMs`. */
  reconnecting: { reason: string; attempt: number; delayMs: number };
  /** A fresh presigned URL and credentials for the same channel (POST <api>/renew). */
  renewed: { expiresAt: Date; credentialsExpireAt: Date | null };
  /** The responder left: 'idle' | 'deadline' | 'client-left' | 'error' | ... The channel stays open unless it is closing. */
  bye: { reason: string };
  /** The channel is closed for good; `reason` is a ChannelErrorCode ('closed' when the app closed it). */
  closed: { reason: ChannelErrorCode; message: string };
  /** Every state change, with the reason where there is one (a drop, a bye, 'stalled', a ready time limit that passed). */
  statechange: { state: ChannelState; reason?: string };
  /** A message that is no reply to a pending request (another subscribed topic, an unknown requestId), or a refused extra subscription. */
  message: { topic: string; text?: string; json?: unknown; refused?: true };
}

/** The MQTT.js surface the channel uses (its `connect`). */
export interface MqttLibrary {
  connect(url: string, options: object): unknown;
}

export interface OpenChannelOptions {
  /** Aborts opening (fetch, connect, wait for ready); nothing is left open. */
  signal?: AbortSignal;
  /** Listeners attached before connecting, so the app sees every state from the start. */
  on?: { [K in keyof ChannelEventMap]?: (detail: ChannelEventMap[K]) => void };
  /** Default timeout of request(), ms (30,000). */
  requestTimeoutMs?: number;
  /** How long to wait for the responder's ready after a trigger, ms (10,000: covers a cold start); then hello + trigger again while there is work. */
  readyTimeoutMs?: number;
  /**
   * Dead-responder detection, ms (5,000; 0 turns it off): when the oldest published request has had no reply this long
   * while the responder is ready, the channel goes to 'starting' (reason 'stalled'), says hello (and triggers if no ready
   * comes within helloWindowMs), and re-sends on the ready. Set it above your handler's slowest answer.
   */
  stallTimeoutMs?: number;
  /**
   * After its own reconnect or a stall the channel only doubts its responder: it says hello alone and triggers only if no
   * ready comes within this many ms (1,500; 0: hello + trigger at once). At open and after a bye it triggers at once.
   */
  helloWindowMs?: number;
  /** MQTT CONNECT timeout, ms (10,000). */
  connectTimeoutMs?: number;
  /** MQTT keep-alive, s (30; AWS IoT accepts 30 to 1,200). */
  keepaliveSeconds?: number;
  /** Reconnect delays: full jitter under min(maxDelayMs, initialDelayMs * factor^attempt). Defaults 500 ms, 30 s, 2. */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number; factor?: number };
  /** Renew this long before the URL or the credentials expire, ms (default: a fifth of their lifetime, at most 30 s / 5 min). */
  renewMarginMs?: number;
  /** The renewal route (default: the session API URL plus /renew). */
  renewUrl?: string;
  /** MQTT.js (default: the browser global `mqtt`, else `import('mqtt')`). */
  mqtt?: MqttLibrary;
  /** fetch (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Clock, epoch ms (default: Date.now). */
  now?: () => number;
}

export interface RequestOptions {
  /** ms; rejects with ChannelError 'request-timeout' (name 'TimeoutError'). Infinity or 0: no timeout. */
  timeout?: number;
  /** Rejects with the signal's reason; a reply arriving later is dropped. */
  signal?: AbortSignal;
}

/** An open channel. Events: addEventListener(type, e => e.detail) or on(type, detail => ...). */
export class Channel extends EventTarget {
  private constructor();
  readonly channelId: string;
  readonly clientId: string;
  readonly topics: ChannelTopics;
  readonly state: ChannelState;
  /** When the current presigned URL stops being usable for a (re)connect. */
  readonly expiresAt: Date;
  /** When renewal stops being possible; null when the session API offers none. */
  readonly credentialsExpireAt: Date | null;
  /** The responder's idle window from its last ready. */
  readonly idleSeconds: number | null;
  /** Requests without a reply yet. */
  readonly unanswered: number;
  /** `hellos`: hellos sent (alone or with a trigger); `triggers`: triggers sent; `stalls`: times the responder stopped answering (stallTimeoutMs). */
  readonly stats: { readies: number; reconnects: number; renewals: number; resent: number; duplicates: number; hellos: number; triggers: number; stalls: number };
  /** Resolves once the channel is closed, for whatever reason. */
  readonly closed: Promise<ChannelEventMap['closed']>;
  /** The current MQTT.js client (null while disconnected), for inspection only. */
  readonly mqttClient: unknown;

  /** Sends a JSON object with a requestId (given, or the channel's next number) and resolves with its one reply. */
  request<T extends Reply = Reply>(payload: Record<string, unknown>, options?: RequestOptions): Promise<T>;
  /** Fire and forget: publishes once the responder is ready (a string as is, anything else as JSON). */
  send(payload: unknown): void;
  /** Subscribes to another topic the credentials allow (kept across reconnects); false if refused. */
  subscribe(topic: string, options?: { qos?: 0 | 1 }): Promise<boolean>;
  /** Publishes on any topic the credentials allow; false while disconnected. */
  publish(topic: string, payload: unknown, options?: { qos?: 0 | 1 }): Promise<boolean>;
  /** Says bye, waits up to byeTimeoutMs (2,000) for the responder's bye, disconnects; pending requests reject with 'closed'. */
  close(options?: { byeTimeoutMs?: number }): Promise<ChannelEventMap['closed']>;
  /** Adds a listener that gets the event's detail; returns a function that removes it. */
  on<K extends keyof ChannelEventMap>(type: K, listener: (detail: ChannelEventMap[K]) => void): () => void;
}

/** Opens a channel: GET the session API, connect, subscribe, trigger the responder, wait for its ready. */
export function openChannel(sessionApiUrl: string | URL, options?: OpenChannelOptions): Promise<Channel>;

/** SigV4 header signing on WebCrypto (used for POST /renew). */
export function signRequest(request: {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  region: string;
  service: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  date?: Date;
  signBody?: boolean;
}): Promise<{ headers: Record<string, string>; canonicalRequest: string; stringToSign: string; signature: string }>;
