// The demo page's requests without a pong yet. Protocol: a responder that lost its connection and reconnected says
// {"type":"ready"} again; the client then re-sends every unanswered request with the same requestId, so a late pong for
// the first copy and the pong for the re-sent one count as one answer. Plain script in the page, a module under node.
'use strict';

class RequestTracker {
  constructor() {
    this.unanswered = new Map(); // requestId -> { payload, sentAt }
    this.answered = new Set();
    this.readyCount = 0;
  }

  /** Remembers a request sent with `payload` (the published text) at `sentAt` (performance.now()). */
  track(requestId, payload, sentAt) {
    this.unanswered.set(requestId, { payload, sentAt });
  }

  /** A pong for `requestId`: { sentAt } the first time, { duplicate: true } for a second pong, {} for an unknown id. */
  answer(requestId) {
    const request = this.unanswered.get(requestId);
    if (request !== undefined) {
      this.unanswered.delete(requestId);
      this.answered.add(requestId);
      return { sentAt: request.sentAt };
    }
    return this.answered.has(requestId) ? { duplicate: true } : {};
  }

  /** A "ready": the first starts the session; a repeated one returns the requests to re-send, oldest first. */
  ready() {
    this.readyCount += 1;
    if (this.readyCount === 1) {
      return [];
    }
    return [...this.unanswered.entries()].map(([requestId, request]) => ({ requestId, payload: request.payload }));
  }

  clear() {
    this.unanswered.clear();
    this.answered.clear();
    this.readyCount = 0;
  }
}

if (typeof module !== 'undefined' && module.exports) {
  module.exports = { RequestTracker };
} else {
  window.RequestTracker = RequestTracker;
}
