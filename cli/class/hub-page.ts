/**
 * The instructor's page: a student × lesson view refreshed every three seconds, stuck students
 * first, a broadcast box and the results to download. Plain DOM (text through textContent, so a
 * student's name or a check's message can never run), served by the hub under a strict CSP.
 */
/** Markup-safe text: the drills' names and symptoms are the workshop's own, escaped all the same. */
const htmlText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function hubPage(
  drills: ReadonlyArray<{ name: string; symptom: string }> = [],
  lessons: readonly string[] = [],
): string {
  const options = drills
    .map(
      (d) =>
        `<option value="${htmlText(d.name)}" title="${htmlText(d.symptom)}">${htmlText(d.name)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class hub · ddworkshop</title>
<meta name="lessons" content="${htmlText(lessons.join(' '))}">
<link rel="stylesheet" href="/hub.css">
</head>
<body>
<header><h1>Class hub</h1><span id="summary" aria-live="polite"></span>
<nav><a id="csv" href="#">results.csv</a> · <a id="json" href="#">results.json</a></nav></header>
<main>
<form id="broadcast" aria-label="Broadcast"><input id="message" name="text" maxlength="500" placeholder="A message for every student's screen" aria-label="Message"><button type="submit">Send to everyone</button></form>
<form id="drill" aria-label="Drill for the room"><select id="drill-name" aria-label="Drill">${options}</select><button type="submit">Propose to everyone</button></form>
<p id="sent" class="hint"></p>
<table id="students"><thead><tr><th>student</th><th>lesson</th><th>on it</th><th>last check</th><th>failing check</th><th>lessons</th><th>hints / solutions</th><th>drill</th><th>stuck</th></tr></thead><tbody></tbody></table>
<p id="empty" class="hint">No student has joined yet.</p>
</main>
<script src="/hub.js" type="module"></script>
</body>
</html>
`;
}

const SCRIPT = `
const token = new URLSearchParams(location.search).get('token') ?? '';
const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
document.getElementById('csv').href = '/results.csv?token=' + encodeURIComponent(token);
document.getElementById('json').href = '/results.json?token=' + encodeURIComponent(token);
const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text ?? ''; if (cls) td.className = cls; return td; };
const lessons = (document.querySelector('meta[name=lessons]')?.content ?? '').split(' ').filter(Boolean);
/** One mark a lesson, in course order: passed, the current one (failing or not), or not reached. */
function grid(s) {
  const td = document.createElement('td');
  td.className = 'grid';
  const all = lessons.length ? lessons : [...new Set([...s.passed, s.lesson].filter(Boolean))];
  for (const [i, slug] of all.entries()) {
    const mark = document.createElement('span');
    const current = slug === s.lesson;
    const state = s.passed.includes(slug) ? 'passed' : current ? (s.lastCheck && !s.lastCheck.passed ? 'failing' : 'current') : 'todo';
    mark.className = 'mark ' + state;
    mark.textContent = String(i + 1);
    mark.title = slug + ': ' + state;
    td.append(mark);
  }
  return td;
}
const minutes = (ms) => ms === undefined ? '' : Math.max(0, Math.round(ms / 60000)) + ' min';
async function refresh() {
  const res = await fetch('/api/state', { headers });
  if (!res.ok) { document.getElementById('summary').textContent = 'The hub answered ' + res.status; return; }
  const state = await res.json();
  // The redraw's own time, from the data to the rows (bench:class reads it).
  performance.mark('state');
  const rows = [...state.students].sort((a, b) => (b.stuck ? 1 : 0) - (a.stuck ? 1 : 0) || a.name.localeCompare(b.name));
  const body = document.querySelector('#students tbody');
  body.replaceChildren(...rows.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.student = s.student;
    if (s.stuck) tr.className = 'stuck';
    const last = s.lastCheck ? (s.lastCheck.passed ? 'passed' : 'failed') : '';
    const failure = s.lastCheck?.failure ? s.lastCheck.failure.title + (s.lastCheck.failure.message ? ': ' + s.lastCheck.failure.message : '') : '';
    const drill = s.drill ? s.drill.name + (s.drill.solved ? ' ✔ ' + (s.drill.solvedInMs === undefined ? '' : minutes(s.drill.solvedInMs)) : ' …') : '';
    tr.append(cell(s.name, 'name'), cell(s.lesson), cell(minutes(s.lessonSince === undefined ? undefined : state.at - s.lessonSince)), cell(last, last), cell(failure || s.problem, 'failure'), grid(s), cell(s.hints + ' / ' + s.applied), cell(drill, 'drill'), cell(s.stuck ?? '', 'why'));
    return tr;
  }));
  document.getElementById('empty').hidden = rows.length > 0;
  const stuck = rows.filter((s) => s.stuck).length;
  document.getElementById('summary').textContent = rows.length + ' student(s), ' + stuck + ' stuck';
  performance.measure('redraw', 'state');
}
document.getElementById('broadcast').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('message');
  const res = await fetch('/api/broadcast', { method: 'POST', headers, body: JSON.stringify({ text: input.value }) });
  document.getElementById('sent').textContent = res.ok ? 'Sent: ' + input.value : 'Not sent (' + res.status + ')';
  if (res.ok) input.value = '';
});
document.getElementById('drill').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = document.getElementById('drill-name').value;
  const res = await fetch('/api/drill', { method: 'POST', headers, body: JSON.stringify({ name }) });
  document.getElementById('sent').textContent = res.ok ? 'Proposed the drill ' + name + ' to everyone' : 'Not sent (' + res.status + ')';
});
refresh();
setInterval(refresh, 3000);
`;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d1d1f; }
header { display: flex; gap: 16px; align-items: baseline; padding: 12px 20px; background: #632ca6; color: #fff; }
header a { color: #fff; }
h1 { font-size: 18px; margin: 0; }
main { padding: 16px 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
tr.stuck { background: #fff1f0; }
td.failed { color: #c0392b; font-weight: 600; }
td.passed { color: #1e8449; font-weight: 600; }
td.failure { max-width: 40ch; overflow-wrap: anywhere; }
td.grid { white-space: nowrap; }
.mark { display: inline-block; width: 1.6em; text-align: center; margin-right: 2px; border-radius: 3px; font-size: 12px; }
.mark.passed { background: #1e8449; color: #fff; }
.mark.current { background: #632ca6; color: #fff; }
.mark.failing { background: #c0392b; color: #fff; }
.mark.todo { background: #eee; color: #999; }
.hint { color: #666; }
form { display: flex; gap: 8px; margin-bottom: 8px; }
input { flex: 1; padding: 6px; }
`;

export function hubAsset(path: string): { text: string; type: string } {
  return path === '/hub.js' ? { text: SCRIPT, type: 'text/javascript' } : { text: STYLE, type: 'text/css' };
}
