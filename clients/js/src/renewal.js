// The channel's current session (presigned URL and scoped credentials) and when to renew it (docs/clients.md,
// "Keeping the channel"): before a reconnect when the URL or the credentials are expired or close to it, and while
// connected shortly before the credentials expire, so that a later drop can still reconnect.
import { ChannelError } from './errors.js';
import { renewSession } from './session.js';

/** Renew this long before expiry: a fifth of the lifetime, at most `capMs` (URLs: 30 s of 300 s; credentials: 5 min). */
function marginFor(lifetimeMs, capMs) {
  return Math.max(0, Math.min(capMs, lifetimeMs / 5));
}

/** Holds the session and renews it; one renewal at a time. Stops for good when `signal` aborts (the channel closed). */
export class SessionRenewal {
  #session;
  #receivedAt;
  #options;
  #signal;
  #onRenewed;
  #timer = null;
  #renewing = null;

  /** `options`: { renewUrl, renewMarginMs, fetch, now }; `onRenewed()` runs after each successful renewal. */
  constructor(session, options, signal, onRenewed) {
    this.#session = session;
    this.#receivedAt = options.now();
    this.#options = options;
    this.#signal = signal;
    this.#onRenewed = onRenewed;
    signal.addEventListener('abort', () => clearTimeout(this.#timer), { once: true });
  }

  get session() {
    return this.#session;
  }

  /** Before a (re)connect: renews when needed; throws a fatal ChannelError when nothing can make the URL usable. */
  async beforeConnect() {
    const now = this.#options.now();
    const { credentials, expiresAt } = this.#session;
    if (credentials && credentials.expiresAt <= now) {
      throw new ChannelError('credentials-expired',
        `the channel's credentials expired at ${new Date(credentials.expiresAt).toISOString()}, so it cannot reconnect; open a new channel`);
    }
    const urlSoon = expiresAt - now <= this.#urlMargin();
    const credentialsSoon = credentials && credentials.expiresAt - now <= this.#credentialsMargin();
    if (!urlSoon && !credentialsSoon) {
      return;
    }
    if (!credentials) {
      if (expiresAt <= now) {
        throw new ChannelError('url-expired', 'the presigned URL expired and the session API offers no renewal; open a new channel');
      }
      return;
    }
    await this.#renew();
  }

  /** While connected: renew the credentials shortly before they expire (retrying while they last). */
  schedule(delayMs) {
    clearTimeout(this.#timer);
    const { credentials } = this.#session;
    if (!credentials || this.#signal.aborted) {
      return;
    }
    const due = delayMs ?? Math.max(0, credentials.expiresAt - this.#credentialsMargin() - this.#options.now());
    this.#timer = setTimeout(async () => {
      if (this.#renewing || this.#signal.aborted) {
        return;
      }
      try {
        await this.#renew();
      } catch (error) {
        // Still connected: retry while the credentials last; past that, the next drop closes the channel.
        const left = credentials.expiresAt - this.#options.now();
        if (!error.fatal && left > 1000) {
          this.schedule(Math.min(left / 2, 30_000));
        }
      }
    }, Math.min(due, 2 ** 31 - 1));
  }

  #urlMargin() {
    return this.#options.renewMarginMs ?? marginFor(this.#session.expiresAt - this.#receivedAt, 30_000);
  }

  #credentialsMargin() {
    return this.#options.renewMarginMs ?? marginFor(this.#session.credentials.expiresAt - this.#receivedAt, 300_000);
  }

  #renew() {
    this.#renewing ??= (async () => {
      try {
        const fresh = await renewSession(this.#options.renewUrl, this.#session,
          { fetch: this.#options.fetch, signal: this.#signal, now: this.#options.now() });
        if (this.#signal.aborted) {
          return;
        }
        this.#session = fresh;
        this.#receivedAt = this.#options.now();
        this.schedule();
        this.#onRenewed();
      } finally {
        this.#renewing = null;
      }
    })();
    return this.#renewing;
  }
}
