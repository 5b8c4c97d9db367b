// Shared test data (not a test file).

/** The `limits` object as GET /config/defaults serves it (Core's RunLimitsDto) for a source whose today is 2026-11-23. */
export const SERVED = Object.freeze({
  today: '2026-11-23', defaultWindowMonths: 12, maxWindowYears: 10,
  maxPages: { min: 1, max: 20 }, concurrency: { min: 1, max: 64 }, zipLength: 5,
});
