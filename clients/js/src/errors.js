// One error type for the channel, with a code saying what happened (the codes are listed in index.d.ts and docs/clients.md).

/** Codes after which reconnecting cannot help: the channel closes with that reason. */
const fatalCodes = new Set(['credentials-expired', 'url-expired', 'renewal-refused', 'channel-mismatch', 'session-invalid']);

/** A channel failure: `code` is machine-readable, `message` says what to do. */
export class ChannelError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = code === 'request-timeout' || code === 'ready-timeout' ? 'TimeoutError' : 'ChannelError';
    this.code = code;
  }

  /** True when retrying cannot succeed (expired or refused credentials, a bad session answer). */
  get fatal() {
    return fatalCodes.has(this.code);
  }
}
