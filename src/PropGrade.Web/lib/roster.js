// Reading a roster file (CSV or text). Pure.

/**
 * One advertiser id per line, from the first column (comma, semicolon or tab separated, quotes stripped); blank
 * lines ignored; a non-numeric first line is a header. Returns {ids, skipped}: skipped = 1-based numbers of the
 * other lines whose first column is not an id.
 */
export function parseRoster(text) {
  const ids = [];
  const skipped = [];
  const lines = String(text ?? '').replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const first = line.split(/[,;\t]/)[0].trim().replace(/^"|"$/g, '');
    if (!first) return;
    if (/^\d+$/.test(first)) ids.push(Number(first));
    else if (i > 0) skipped.push(i + 1);
  });
  return { ids, skipped };
}
