// Reconnect delays: exponential backoff with "full jitter" (a random delay between 0 and the exponential cap), so that
// many clients dropped at once by the same outage do not come back in lockstep.
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

/** Default reconnect timing: first retry within 0.5 s, doubling, capped at 30 s. */
export const defaultBackoff = Object.freeze({ initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 });

/** The delay before reconnect attempt `attempt` (0 = the first retry after a drop); `random` returns [0, 1). */
export function backoffDelay(attempt, { initialDelayMs, maxDelayMs, factor } = defaultBackoff, random = Math.random) {
  const cap = Math.min(maxDelayMs, initialDelayMs * factor ** Math.max(0, attempt));
  return Math.floor(random() * cap);
}
