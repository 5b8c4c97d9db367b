// Calendar dates as the server reads them: "yyyy-MM-dd" strings, compared as text, moved the way .NET's
// DateOnly.AddMonths moves them. Pure functions.

/** True for a real calendar date written yyyy-MM-dd. */
export function isIsoDate(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m - 1);
}

/** The UTC calendar date of an instant (default: now). */
export function todayUtc(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/** DateOnly.AddMonths: the same day of the month, clamped to the target month's last day. */
export function addMonths(isoDate, months) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  return `${String(year).padStart(4, '0')}-${pad2(month + 1)}-${pad2(Math.min(d, daysInMonth(year, month)))}`;
}

/** DateOnly.AddYears (Feb 29 becomes Feb 28 in a common year). */
export function addYears(isoDate, years) {
  return addMonths(isoDate, years * 12);
}

function daysInMonth(year, monthIndex) {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

function pad2(n) {
  return String(n).padStart(2, '0');
}
