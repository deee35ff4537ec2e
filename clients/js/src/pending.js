// The channel's requests without a reply yet, and the ids recently answered. A responder that reconnected says "ready"
// again and the channel re-sends every unanswered request with the same requestId (docs/protocol.md, "Ready and bye"), so
// the first copy's late reply and the re-sent copy's reply may both arrive: the first settles the request, the second is
// recognised here and dropped, and the app sees exactly one answer.

/** Requests in flight, in the order they were made (a Map keeps insertion order: re-sends go oldest first). */
export class PendingRequests {
  #unanswered = new Map(); // requestId -> { text, resolve, reject, sentAt }
  #settled = new Set();
  #settledLimit;

  /** `settledLimit`: how many settled ids to remember for dropping duplicates (oldest forgotten first). */
  constructor(settledLimit = 10_000) {
    this.#settledLimit = settledLimit;
  }

  get size() {
    return this.#unanswered.size;
  }

  has(requestId) {
    return this.#unanswered.has(requestId) || this.#settled.has(requestId);
  }

  /** Remembers a request (its published text and how to settle it). */
  add(requestId, entry) {
    this.#unanswered.set(requestId, entry);
  }

  /** The reply for `requestId`: its entry the first time (now settled), 'duplicate' for a repeat, undefined if unknown. */
  answer(requestId) {
    const entry = this.#unanswered.get(requestId);
    if (entry !== undefined) {
      this.#settle(requestId);
      return entry;
    }
    return this.#settled.has(requestId) ? 'duplicate' : undefined;
  }

  /** Gives up on a request (timeout, abort): a reply arriving later is dropped as a duplicate. */
  forget(requestId) {
    const entry = this.#unanswered.get(requestId);
    if (entry !== undefined) {
      this.#settle(requestId);
    }
    return entry;
  }

  /** Every unanswered request, oldest first: [requestId, entry]. */
  entries() {
    return [...this.#unanswered.entries()];
  }

  /** Settles every unanswered request with `error` (the channel closed). */
  rejectAll(error) {
    for (const [requestId, entry] of this.entries()) {
      this.#settle(requestId);
      entry.reject(error);
    }
  }

  #settle(requestId) {
    this.#unanswered.delete(requestId);
    this.#settled.add(requestId);
    if (this.#settled.size > this.#settledLimit) {
      this.#settled.delete(this.#settled.values().next().value);
    }
  }
}
