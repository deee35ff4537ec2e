// Dead-responder detection (docs/clients.md, "Finding a lost responder"). A responder killed without a word (SIGKILL, out
// of memory) sends no bye and its lease keeps the channel taken, so the only sign is silence: the oldest request that was
// published to it and has no reply yet. The watch measures that request's age from its (latest) publish, never from when
// the channel last went quiet, so a steady stream of requests that are each answered in time never trips it, however
// long the stream runs with something in flight.

/** Publish time (performance.now()) of the oldest published request without a reply, or undefined if there is none. */
export function oldestPublishedAt(pending) {
  let oldest;
  for (const [, entry] of pending.entries()) {
    if (entry.published && (oldest === undefined || entry.publishedAt < oldest)) {
      oldest = entry.publishedAt;
    }
  }
  return oldest;
}

/**
 * One timer, armed while the channel trusts its responder and something it published has no reply. `onStall()` is called
 * once when the oldest such request has waited `limitMs`; after that the watch is disarmed until `arm()` is called again.
 * `limitMs` 0 (or not a positive number) disables it.
 */
export class StallWatch {
  #limitMs;
  #oldest;
  #onStall;
  #clock;
  #timer = null;

  /** `oldest()`: publish time of the oldest published unanswered request, in `clock()` units (ms), or undefined. */
  constructor(limitMs, oldest, onStall, clock = () => performance.now()) {
    this.#limitMs = Number.isFinite(limitMs) && limitMs > 0 ? limitMs : 0;
    this.#oldest = oldest;
    this.#onStall = onStall;
    this.#clock = clock;
  }

  get armed() {
    return this.#timer !== null;
  }

  /** Starts watching if it is not already (call after every publish of a request while the responder is ready). */
  arm() {
    if (this.#limitMs === 0 || this.#timer !== null) {
      return;
    }
    const oldest = this.#oldest();
    if (oldest !== undefined) {
      this.#timer = setTimeout(() => this.#check(), Math.max(0, oldest + this.#limitMs - this.#clock()));
    }
  }

  /** Stops watching (the responder is no longer trusted, or the channel closed). */
  disarm() {
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  // The request the timer was set for may have been answered meanwhile: then the next oldest sets the new deadline.
  #check() {
    this.#timer = null;
    const oldest = this.#oldest();
    if (oldest === undefined) {
      return;
    }
    if (this.#clock() - oldest >= this.#limitMs) {
      this.#onStall();
    } else {
      this.arm();
    }
  }
}
