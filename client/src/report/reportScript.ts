// The report page's script (runs in the webview, with the page's nonce): sorting, filtering, "show all",
// buttons, and the page state (sort, filter, expanded tables, closed sections, scroll) kept across tab
// switches with the webview state API.
export const REPORT_SCRIPT = String.raw`
const vscode = acquireVsCodeApi();
const state = Object.assign({ sort: {}, filter: '', expanded: [], closed: [], scrollY: 0 }, vscode.getState() || {});
const save = () => vscode.setState(state);

function sortTable(table, col, dir) {
  const button = table.querySelector('th button[data-col="' + col + '"]');
  if (!button) return;
  const numeric = button.dataset.numeric === '1';
  table.querySelectorAll('th').forEach((h) => h.setAttribute('aria-sort', 'none'));
  button.parentElement.setAttribute('aria-sort', dir);
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.sort((x, y) => {
    const a = x.cells[col].dataset.sort, b = y.cells[col].dataset.sort;
    const c = numeric ? Number(a) - Number(b) : a.localeCompare(b);
    return dir === 'ascending' ? c : -c;
  });
  rows.forEach((r) => body.appendChild(r));
}

/** Shows the rows that match the filter, at most data-top of them unless the table is expanded. */
function applyRows(table) {
  const top = Number(table.dataset.top);
  const expanded = state.expanded.includes(table.id);
  const needle = state.filter.trim().toLowerCase();
  let shown = 0, matching = 0;
  for (const row of table.tBodies[0].rows) {
    const match = !needle || row.textContent.toLowerCase().includes(needle);
    if (match) matching++;
    const visible = match && (expanded || shown < top);
    if (visible) shown++;
    row.classList.toggle('hidden', !visible);
  }
  const more = document.querySelector('button.more[data-table="' + table.id + '"]');
  if (more) {
    more.hidden = matching <= top;
    more.textContent = expanded ? more.dataset.less : more.dataset.all.replace('{0}', String(matching));
  }
  const count = document.querySelector('.count[data-table="' + table.id + '"]');
  if (count) count.textContent = needle ? count.dataset.filtered.replace('{0}', String(matching)).replace('{1}', String(table.tBodies[0].rows.length)) : '';
}

document.querySelectorAll('table.sortable').forEach((table) => {
  table.querySelectorAll('th button').forEach((button) => button.addEventListener('click', () => {
    const dir = button.parentElement.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
    sortTable(table, Number(button.dataset.col), dir);
    state.sort[table.id] = [Number(button.dataset.col), dir];
    save();
    applyRows(table);
  }));
  const sort = state.sort[table.id];
  if (sort) sortTable(table, sort[0], sort[1]);
  applyRows(table);
});

document.querySelectorAll('button.more').forEach((b) => b.addEventListener('click', () => {
  const id = b.dataset.table;
  state.expanded = state.expanded.includes(id) ? state.expanded.filter((x) => x !== id) : state.expanded.concat([id]);
  save();
  applyRows(document.getElementById(id));
}));

const filter = document.getElementById('filter');
filter.value = state.filter;
filter.addEventListener('input', () => {
  state.filter = filter.value;
  save();
  document.querySelectorAll('table.sortable').forEach(applyRows);
});

document.querySelectorAll('details[data-section]').forEach((d) => {
  if (state.closed.includes(d.dataset.section)) d.open = false;
  d.addEventListener('toggle', () => {
    state.closed = state.closed.filter((x) => x !== d.dataset.section).concat(d.open ? [] : [d.dataset.section]);
    save();
  });
});

document.querySelectorAll('.actions button').forEach((b) => b.addEventListener('click', () => vscode.postMessage({ type: b.dataset.action, format: b.dataset.format })));

let scrollTimer;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => { state.scrollY = window.scrollY; save(); }, 150);
});
if (state.scrollY) window.scrollTo(0, state.scrollY);
`;
