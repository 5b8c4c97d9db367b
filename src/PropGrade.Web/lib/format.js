// Formatting and parsing of what the page shows and reads: money with thousands separators, counts, dates and times,
// durations, sizes. Pure functions (no DOM): unit-tested under `node --test` (tests/PropGrade.Web.Tests/js).

const LOCALE = 'en-US';
const SEPARATORS = /[,\s\u00a0\u202f_]/g;

/** "40000000" → "40,000,000"; a sign and a fractional part are kept as written; anything else comes back unchanged. */
export function groupDigits(text) {
  const match = /^(-?)(\d+)(\.\d*)?$/.exec(String(text));
  if (!match) return String(text);
  const whole = match[2].replace(/^0+(?=\d)/, '');
  return match[1] + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] || '');
}

/**
 * Reads a money input: "16,000,000", "$16,000,000", "16 000 000", "16000000.50" and "-5" are numbers; "" is null
 * (no criterion); anything else is NaN (the caller reports "must be a number").
 */
export function parseMoney(text) {
  const raw = String(text ?? '').trim();
  if (raw === '') return null;
  const match = /^([-+]?)\s*\$?\s*(\d[\d,\s\u00a0\u202f_]*)(\.\d*)?$/.exec(raw);
  if (!match) return Number.NaN;
  const digits = match[2].replace(SEPARATORS, '');
  const fraction = match[3] && match[3].length > 1 ? match[3] : '';
  return Number((match[1] === '-' ? '-' : '') + digits + fraction);
}

/** What a money input shows for a value: grouped digits, no currency sign (the label says "$"); "" for none. */
export function formatMoneyInput(value) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return Number.isFinite(value) ? groupDigits(String(value)) : String(value);
  const parsed = parseMoney(value);
  return Number.isFinite(parsed) ? groupDigits(String(parsed)) : String(value);
}

/** "$40,000,000" for display (cents only when there are any). */
export function formatMoney(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const sign = n < 0 ? '-' : '';
  return sign + '$' + Math.abs(n).toLocaleString(LOCALE, { maximumFractionDigits: 2 });
}

/** 12345 → "12,345". */
export function formatCount(value) {
  const n = Number(value);
  return Number.isFinite(n) ? n.toLocaleString(LOCALE) : String(value);
}

/** "1 problem", "2 problems", "1,200 agents". */
export function plural(count, singular, pluralForm = singular + 's') {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

export function capitalize(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

/** An ISO instant as "Nov 23, 2026, 2:05:09 PM" (the browser's time zone unless one is given). */
export function formatTime(iso, timeZone) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const options = { dateStyle: 'medium', timeStyle: 'medium' };
  if (timeZone) options.timeZone = timeZone;
  return date.toLocaleString(LOCALE, options);
}

/** Elapsed time between two instants: "45 s" under two minutes, "17 min" under two hours, else "6 h 5 min". */
export function formatDuration(from, to) {
  const seconds = Math.max(0, Math.round((new Date(to) - new Date(from)) / 1000));
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 120) return seconds + ' s';
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return minutes + ' min';
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** 1536 → "1.5 KB" (binary multiples, one decimal). */
export function formatBytes(n) {
  const bytes = Number(n);
  if (!Number.isFinite(bytes)) return String(n);
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
  if (bytes < 1024 * 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  return (bytes / 1024 / 1024 / 1024).toFixed(1) + ' GB';
}
