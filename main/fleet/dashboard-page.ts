// The dashboard's static parts: the login page, the page shell, its stylesheet and its script. Bilingual like the
// kiosk (繁體中文 first, English below). The script builds every cell with textContent: what kiosks report is data.
import { CLOCK_SKEW_WARN_SECONDS } from './queries.ts';

const STRINGS = `
const T = {
  title: ['車隊總覽', 'Fleet overview'], site: ['場地', 'Site'], kiosk: ['機台', 'Kiosk'], status: ['狀態', 'Status'],
  online: ['在線', 'Online'], offline: ['離線', 'Offline'], list: ['顏色名單', 'Colour list'], stale: ['過期', 'Stale'],
  fresh: ['最新', 'Current'], none: ['未載入', 'Not loaded'], faults: ['故障', 'Faults'], today: ['今日', 'Today'],
  admitted: ['准入', 'Admitted'], refused: ['拒絕', 'Refused'], total: ['合計', 'Total'], lastScan: ['最後掃描', 'Last scan'],
  version: ['版本', 'Version'], perDay: ['每日（30 日）', 'Per day (30 days)'], perHour: ['今日每小時', 'Today per hour'],
  csv: ['匯出 CSV', 'Export CSV'], logout: ['登出', 'Log out'], demo: ['示範', 'Demo'], kiosks: ['部機台', 'kiosks'],
  onlineOf: ['在線', 'online'], of: ['/', 'of'], reported: ['機台原文', 'as the kiosk reported'],
  clockAhead: ['時鐘快了', 'Clock ahead by'], clockBehind: ['時鐘慢了', 'Clock behind by'], minutes: ['分鐘', 'min'],
  configRefused: ['中央設定被拒', 'Central configuration refused'],
};
// the kiosk reports faults as English sentences; the ones an operator acts on, in both languages
const FAULTS = [
  [/^DEMO issuer keys are trusted/, '正在信任示範簽發機構金鑰：結果只供示範', 'DEMO issuer keys trusted: verdicts for demonstration only'],
  [/^The configuration could not be saved/, '無法儲存設定（磁碟已滿或唯讀？）', 'Settings could not be saved (disk full or read-only?)'],
  [/^The configured venue code could not be read/, '無法讀取場所代碼：顯示示範場所', 'Venue code unreadable: showing the demo venue'],
  [/^The counts database \\S+ is full/, '統計資料庫已滿：暫存於記憶體', 'Counts database full: counting in memory'],
  [/^The counts database \\S+ cannot be written/, '無法寫入統計資料庫：暫存於記憶體', 'Counts database not writable: counting in memory'],
  [/^The counts database \\S+ is damaged/, '統計資料庫已損壞：暫存於記憶體', 'Counts database damaged: counting in memory'],
  [/^The counts database \\S+ is locked/, '統計資料庫被佔用：暫存於記憶體', 'Counts database locked: counting in memory'],
  [/^The counts database /, '統計資料庫出錯：暫存於記憶體', 'Counts database failed: counting in memory'],
  [/rule (file|profile)/, '規則檔案或規則設定無法使用', 'A rule file or the rule profile cannot be used'],
];`;

export const LOGIN_HTML = (message = ''): string => `<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>車隊總覽 Fleet overview: 登入 Log in</title><link rel="stylesheet" href="/app.css"></head>
<body class="login"><main>
<h1><span lang="zh-Hant">車隊總覽</span> <span lang="en">Fleet overview</span></h1>
<form method="post" action="/login">
<label for="password"><span lang="zh-Hant">密碼</span> / <span lang="en">Password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<button type="submit"><span lang="zh-Hant">登入</span> <span lang="en">Log in</span></button>
${message ? `<p class="error" role="alert">${message}</p>` : ''}
</form></main></body></html>`;

export const DASHBOARD_HTML = `<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>車隊總覽 Fleet overview</title><link rel="stylesheet" href="/app.css"><script src="/app.js" defer></script></head>
<body><header><h1><span lang="zh-Hant">車隊總覽</span> <span lang="en">Fleet overview</span></h1>
<p id="summary" aria-live="polite"></p>
<nav><a id="csv" href="/export.csv" download="fleet-counts.csv"></a>
<form method="post" action="/logout"><button id="logout" type="submit"></button></form></nav></header>
<main><table id="kiosks"><thead><tr></tr></thead><tbody></tbody></table>
<section class="charts"><figure><figcaption id="cap-day"></figcaption><svg id="chart-day" role="img"></svg></figure>
<figure><figcaption id="cap-hour"></figcaption><svg id="chart-hour" role="img"></svg></figure></section></main></body></html>`;

export const DASHBOARD_CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,"Noto Sans CJK TC","Kiosk Noto Sans HK",sans-serif;background:#f4f5f7;color:#111}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:1rem 1.5rem;background:#12355b;color:#fff}
h1{margin:0;font-size:1.5rem}h1 span[lang=en]{font-weight:400;opacity:.85}header nav{display:flex;gap:.75rem;align-items:center}
header a,header button{color:#fff;background:#1f5a96;border:1px solid #8fb3da;border-radius:6px;padding:.4rem .8rem;font:inherit;text-decoration:none;cursor:pointer}
main{padding:1rem 1.5rem}table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{padding:.5rem .6rem;text-align:left;border-bottom:1px solid #e3e6ea;vertical-align:top}td:nth-child(-n+3),th.num{white-space:nowrap}th{background:#e8edf3;font-weight:600}
th small,td small{display:block;font-size:.75rem;color:#555;font-weight:400}.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;border-radius:999px;padding:.1rem .6rem;font-weight:600}.on{background:#d7f5dd;color:#0b5d1e}.off{background:#fde0e0;color:#8a1212}
.stale{background:#fff1c2;color:#6b4a00}.fault{color:#8a1212}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem;margin-top:1rem}
figure{margin:0;background:#fff;border-radius:8px;padding:.75rem}figcaption{font-weight:600;margin-bottom:.5rem}svg{width:100%;height:200px}
.bar-a{fill:#2e8b57}.bar-r{fill:#c0392b}.axis{font-size:10px;fill:#555}
body.login main{max-width:380px;margin:12vh auto;background:#fff;border-radius:10px;padding:2rem;box-shadow:0 2px 12px #0002}
body.login h1{color:#12355b;margin-bottom:1rem}form{display:flex;flex-direction:column;gap:.6rem}header form{display:block}
input{font:inherit;padding:.5rem;border:1px solid #999;border-radius:6px}body.login button{font:inherit;padding:.6rem;border:0;border-radius:6px;background:#12355b;color:#fff}
.error{color:#8a1212;font-weight:600}.skew{color:#6b4a00;font-weight:600}@media (max-width:700px){.charts{grid-template-columns:1fr}td,th{padding:.35rem}}
`;

export const DASHBOARD_JS = `${STRINGS}
const ADMIT = new Set(['valid', 'exempt']);
const bi = (k) => T[k][0] + ' ' + T[k][1];
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
function pair(zh, en) { const s = el('span'); s.append(el('span', '', zh), el('small', '', en)); s.lastChild.lang = 'en'; return s; }
function fault(f) {
  for (const [re, zh, en] of FAULTS) if (re.test(f)) { const d = el('div'); d.append(pair(zh, en)); d.title = f; return d; }
  // not one we know: the kiosk's own words, marked as such
  const d = el('div'); d.append(el('small', '', T.reported[0] + ' · ' + T.reported[1])); const o = el('span', '', f); o.lang = 'en'; d.append(o); return d;
}
function when(iso) { const d = new Date(iso); const p = (n) => String(n).padStart(2, '0'); return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes()); }
function two(k) { const td = el('span'); td.append(el('span', '', T[k][0]), el('small', '', T[k][1])); return td; }
function head() {
  const tr = document.querySelector('#kiosks thead tr');
  for (const k of ['site', 'kiosk', 'status', 'list', 'admitted', 'refused', 'total', 'lastScan', 'faults', 'version']) {
    const th = el('th', ['admitted', 'refused', 'total'].includes(k) ? 'num' : ''); th.append(two(k)); tr.append(th);
  }
  document.getElementById('csv').textContent = bi('csv');
  document.getElementById('logout').textContent = bi('logout');
  document.getElementById('cap-day').textContent = bi('perDay');
  document.getElementById('cap-hour').textContent = bi('perHour');
}
function bars(svg, series, labels) {
  svg.replaceChildren();
  const W = 600, H = 200, n = labels.length, max = Math.max(1, ...labels.map((l) => (series[l]?.a ?? 0) + (series[l]?.r ?? 0)));
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  const bw = (W - 30) / n;
  labels.forEach((l, i) => {
    const a = series[l]?.a ?? 0, r = series[l]?.r ?? 0, x = 30 + i * bw;
    const ha = (a / max) * (H - 30), hr = (r / max) * (H - 30);
    for (const [h, y, c] of [[ha, H - 20 - ha, 'bar-a'], [hr, H - 20 - ha - hr, 'bar-r']]) {
      if (h <= 0) continue;
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('x', String(x + 1)); rect.setAttribute('y', String(y)); rect.setAttribute('width', String(Math.max(1, bw - 2))); rect.setAttribute('height', String(h));
      rect.setAttribute('class', c); const t = document.createElementNS('http://www.w3.org/2000/svg', 'title'); t.textContent = l + ': ' + T.admitted[0] + ' ' + T.admitted[1] + ' ' + a + ' · ' + T.refused[0] + ' ' + T.refused[1] + ' ' + r; rect.append(t); svg.append(rect);
    }
    if (i % Math.ceil(n / 8) === 0) { const t = document.createElementNS('http://www.w3.org/2000/svg', 'text'); t.setAttribute('x', String(x)); t.setAttribute('y', String(H - 5)); t.setAttribute('class', 'axis'); t.textContent = l.slice(-5); svg.append(t); }
  });
  const m = document.createElementNS('http://www.w3.org/2000/svg', 'text'); m.setAttribute('x', '0'); m.setAttribute('y', '10'); m.setAttribute('class', 'axis'); m.textContent = String(max); svg.append(m);
}
function fold(rows) { const s = {}; for (const r of rows) { const b = (s[r.period] ??= { a: 0, r: 0 }); if (ADMIT.has(r.outcome)) b.a += r.count; else b.r += r.count; } return s; }
async function refresh() {
  let data;
  try { const res = await fetch('/api/overview', { headers: { accept: 'application/json' } }); if (res.status === 401) { location.href = '/login'; return; } data = await res.json(); } catch { return; }
  const body = document.querySelector('#kiosks tbody'); body.replaceChildren();
  let on = 0;
  for (const k of data.kiosks) {
    const h = k.health ?? {}; const tr = el('tr'); tr.dataset.kiosk = k.site + '/' + k.kiosk; if (k.online) on++;
    const admitted = Object.entries(k.today).filter(([o]) => ADMIT.has(o)).reduce((a, [, n]) => a + n, 0);
    const total = Object.values(k.today).reduce((a, n) => a + n, 0);
    const st = el('td'); const p = el('span', 'pill ' + (k.online ? 'on' : 'off')); p.append(two(k.online ? 'online' : 'offline')); st.append(p);
    const list = el('td'); const sl = h.statusList; const lp = el('span', 'pill ' + (!sl || !sl.loaded ? '' : sl.stale ? 'stale' : 'on'));
    lp.append(two(!sl || !sl.loaded ? 'none' : sl.stale ? 'stale' : 'fresh')); list.append(lp); if (sl && sl.version !== undefined) list.append(el('small', '', 'v' + sl.version));
    const faults = el('td', 'fault'); for (const f of (h.faults ?? []).slice(0, 3)) faults.append(fault(f));
    if (k.clockSkewSeconds !== null && Math.abs(k.clockSkewSeconds) > ${CLOCK_SKEW_WARN_SECONDS}) {
      const m = String(Math.round(Math.abs(k.clockSkewSeconds) / 60)); const ahead = k.clockSkewSeconds > 0;
      const d = el('div', 'skew'); d.dataset.skew = String(k.clockSkewSeconds);
      d.append(pair(T[ahead ? 'clockAhead' : 'clockBehind'][0] + ' ' + m + ' ' + T.minutes[0], T[ahead ? 'clockAhead' : 'clockBehind'][1] + ' ' + m + ' ' + T.minutes[1])); faults.append(d);
    }
    if (h.config && h.config.refused) { const d = el('div'); d.append(pair(T.configRefused[0], T.configRefused[1])); d.title = h.config.refused; faults.append(d); }
    tr.append(el('td', '', k.site), el('td', '', k.kiosk), st, list, el('td', 'num', String(admitted)), el('td', 'num', String(total - admitted)), el('td', 'num', String(total)),
      el('td', '', h.lastScanAt ? when(h.lastScanAt) : '-'), faults, el('td', '', (h.appVersion ?? '-') + (h.trust && h.trust.demo ? ' · ' + T.demo[0] + ' ' + T.demo[1] : '')));
    body.append(tr);
  }
  document.getElementById('summary').textContent = T.online[0] + ' ' + on + ' / ' + data.kiosks.length + ' ' + T.kiosks[0] + ' · ' + on + ' ' + T.of[1] + ' ' + data.kiosks.length + ' ' + T.kiosks[1] + ' ' + T.onlineOf[1];
  bars(document.getElementById('chart-day'), fold(data.perDay), data.days);
  bars(document.getElementById('chart-hour'), fold(data.perHour), data.hours);
}
head(); refresh(); setInterval(refresh, 2000);
`;
