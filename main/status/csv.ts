// RFC 4180 CSV: comma separated, fields optionally in double quotes, "" inside quotes for a quote, CRLF or LF.
// Small on purpose: the entries file of `status-list build` is the only CSV the kiosk reads.
export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark from spreadsheet exports
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return { ok: false, error: `line ${line}: text after a closing quote` };
        continue;
      }
      if (c === '\n') line++;
      field += c; i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') return { ok: false, error: `line ${line}: quote inside an unquoted field` };
      quoted = true; i++;
      continue;
    }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); field = '';
      rows.push(row); row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += c; i++;
  }
  if (quoted) return { ok: false, error: `line ${line}: unterminated quote` };
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  // blank lines carry nothing
  return { ok: true, rows: rows.filter((r) => !(r.length === 1 && r[0] === '')) };
}
