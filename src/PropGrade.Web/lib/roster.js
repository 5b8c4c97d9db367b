// Reading a roster file (CSV or text). Pure.

const ID_HEADERS = ['advertiser_id', 'advertiserid', 'advertiser id'];
const NRDS_HEADERS = ['nrds_id', 'nrdsid', 'nrds id', 'nrds'];

function cells(line) {
  return line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, '').trim());
}

function indexOfAny(header, names) {
  return header.findIndex((cell) => names.includes(cell.toLowerCase()));
}

/**
 * Roster rows {advertiserId, nrdsId} (the contract's roster row: get-profile needs both ids). Columns are picked by
 * header when the first line names them (`advertiser_id` and `nrds_id`, as in every PropGrade export, so an earlier
 * graded.csv can be uploaded as is); otherwise the first column is the advertiser id and the second the NRDS id.
 * Blank lines are ignored. Returns {rows, skipped}: skipped = [{line, reason}] with 1-based line numbers for lines
 * that are not a roster row (no advertiser id, or no NRDS id); a duplicate advertiser id is kept once.
 */
export function parseRoster(text) {
  const rows = [];
  const skipped = [];
  const seen = new Set();
  const lines = String(text ?? '').replace(/^\uFEFF/, '').split(/\r?\n/);
  let idColumn = 0;
  let nrdsColumn = 1;
  let start = 0;
  const header = cells(lines[0] ?? '');
  const headerId = indexOfAny(header, ID_HEADERS);
  if (headerId >= 0) {
    idColumn = headerId;
    nrdsColumn = indexOfAny(header, NRDS_HEADERS);
    start = 1;
  } else if (header[0] && !/^\d+$/.test(header[0])) {
    start = 1; // a header of other names: the first two columns are the ids
  }

  for (let i = start; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const row = cells(lines[i]);
    const advertiserId = row[idColumn] ?? '';
    const nrdsId = nrdsColumn >= 0 ? (row[nrdsColumn] ?? '') : '';
    if (!/^\d+$/.test(advertiserId)) {
      skipped.push({ line: i + 1, reason: 'no advertiser id' });
    } else if (!nrdsId) {
      skipped.push({ line: i + 1, reason: 'no NRDS id' });
    } else if (!seen.has(advertiserId)) {
      seen.add(advertiserId);
      rows.push({ advertiserId, nrdsId });
    }
  }

  return { rows, skipped };
}

/** "3 agents read from roster.csv (1 line skipped: line 4 has no NRDS id)." */
export function describeRosterRead(result, fileName) {
  const { rows, skipped } = result;
  const agents = rows.length === 1 ? '1 agent' : `${rows.length.toLocaleString('en-US')} agents`;
  let text = `${agents} read from ${fileName}`;
  if (skipped.length) {
    const first = skipped.slice(0, 3).map((s) => `line ${s.line} has ${s.reason}`).join(', ');
    const more = skipped.length > 3 ? `, and ${skipped.length - 3} more` : '';
    text += ` (${skipped.length === 1 ? '1 line' : skipped.length + ' lines'} skipped: ${first}${more})`;
  }
  return text + '.';
}
