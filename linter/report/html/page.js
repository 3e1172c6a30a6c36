// Filters (severity, rule, category, a matrix cell: the exposures it counts, free text), sorting, and links to a view: the address
// fragment (#severity=error&category=contact, #cell=o3.contact, #q=mobile) presets them.
var filter = {severity: '', rule: '', category: '', op: '', q: ''};
function rows() { return document.querySelectorAll('tr.place'); }
function applyFilters() {
  var q = filter.q.toLowerCase(), shown = {findings: 0, accepted: 0};
  rows().forEach(function (row) {
    var ok = (!filter.severity || row.dataset.severity === filter.severity) &&
      (!filter.rule || row.dataset.rule === filter.rule) &&
      (!filter.category || row.dataset.category === filter.category) &&
      (!filter.op || ('exposure' in row.dataset &&
        (' ' + row.dataset.ops + ' ').indexOf(' ' + filter.op + ' ') >= 0)) &&
      (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
    row.style.display = ok ? '' : 'none';
    if (ok) { shown[row.closest('table').id] += 1; }
  });
  document.getElementById('shown').textContent = shown.findings;
  var accepted = document.getElementById('shown-accepted');
  if (accepted) { accepted.textContent = shown.accepted; }
  ['severity', 'rule', 'category'].forEach(function (key) { document.getElementById('f-' + key).value = filter[key]; });
  document.getElementById('f-q').value = filter.q;
  document.querySelectorAll('td.cell.selected').forEach(function (c) { c.classList.remove('selected'); });
  var cell = filter.op && document.getElementById('c-' + filter.op + '.' + filter.category);
  if (cell) { cell.classList.add('selected'); }
  document.getElementById('f-cell').textContent = cell ? cell.title : '';
  document.getElementById('f-clear').hidden = !cell;
}
function set(key, value) { filter[key] = value; applyFilters(); }
function pickCell(cell) {
  filter.op = cell.dataset.op; filter.category = cell.dataset.category;
  applyFilters();
  document.getElementById('findings-heading').scrollIntoView();
}
function clearCell() { filter.op = ''; filter.category = ''; applyFilters(); }
function sortBy(th) {
  var table = th.closest('table'), index = Array.prototype.indexOf.call(th.parentNode.children, th);
  var ascending = th.getAttribute('aria-sort') !== 'ascending', body = table.tBodies[0];
  var key = function (row) { var c = row.children[index]; return c.dataset.sort || c.textContent.trim(); };
  var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
    var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
    var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    return ascending ? order : -order;
  });
  th.parentNode.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
  th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  sorted.forEach(function (row) { body.appendChild(row); });
}
document.querySelectorAll('td.cell[data-op]').forEach(function (cell) {
  cell.addEventListener('click', function () { pickCell(cell); });
});
document.querySelectorAll('.sortable th').forEach(function (th) {
  th.addEventListener('click', function () { sortBy(th); });
});
new URLSearchParams(location.hash.slice(1)).forEach(function (value, key) {
  if (key === 'cell') {
    var cell = document.getElementById('c-' + value);
    if (cell) { cell.click(); }
  } else if (key in filter) { filter[key] = value; }
});
applyFilters();
