// Slant's page, better with JavaScript: forms post without a reload, a
// dropped file lands in the file field, the mode switches in place, filtered
// findings leave the Tab order, and a focused mark shows its detail (the row
// of the findings table, with the neutral alternative). Without this script
// the page works the same by form posts and CSS.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var results = document.getElementById('results');
  var status = document.getElementById('status');

  function announce(msg) { status.textContent = msg; }

  // Forms: post with fetch, put the results in place, announce them.
  document.querySelectorAll('form.input').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      results.setAttribute('aria-busy', 'true');
      announce('Analyzing…');
      fetch(form.action + '?fragment=1', { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
        .then(function (resp) { return resp.text().then(function (html) { return { ok: resp.ok, status: resp.status, html: html }; }); })
        .then(function (r) {
          results.innerHTML = r.html;
          setup();
          var h = results.querySelector('[data-summary]');
          var err = results.querySelector('.error p');
          announce(h ? h.dataset.summary : 'Not analyzed: ' + (err ? err.textContent : 'error ' + r.status));
          results.focus();
        })
        .catch(function (err) { announce('The request failed: ' + err.message); })
        .finally(function () {
          button.disabled = false;
          form.removeAttribute('aria-busy');
          results.removeAttribute('aria-busy');
        });
    });
  });

  // Drop a file anywhere on a drop zone: it becomes the zone's file.
  document.querySelectorAll('[data-drop]').forEach(function (zone) {
    var input = zone.querySelector('input[type=file]');
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        announce('File chosen: ' + input.files[0].name);
      }
    });
  });

  // Mode links switch the form in place.
  document.querySelectorAll('nav a[data-mode]').forEach(function (link) {
    link.addEventListener('click', function (e) {
      e.preventDefault();
      var mode = link.dataset.mode;
      document.querySelectorAll('form.input').forEach(function (f) { f.hidden = f.dataset.mode !== mode; });
      document.querySelectorAll('nav a[data-mode]').forEach(function (a) {
        if (a === link) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
      });
      history.pushState({ mode: mode }, '', link.getAttribute('href'));
      var first = document.querySelector('form.input:not([hidden]) textarea');
      if (first) { first.focus(); }
    });
  });

  // Filters: what the CSS hides also leaves the Tab order; say how many show.
  function applyFilters(say) {
    var off = {};
    results.querySelectorAll('input[data-filter]').forEach(function (box) {
      if (!box.checked) { off[box.dataset.filter + ':' + box.value] = true; }
    });
    var marks = results.querySelectorAll('mark[data-category]');
    var shown = 0;
    marks.forEach(function (m) {
      var hidden = off['category:' + m.dataset.category] || off['voice:' + m.dataset.voice];
      m.tabIndex = hidden ? -1 : 0;
      if (!hidden) { shown++; }
    });
    if (say) { announce('Showing ' + shown + ' of ' + marks.length + ' findings.'); }
  }

  // Detail: the focused mark's row of the findings table, as a list.
  function showDetail(mark) {
    var detail = results.querySelector('#detail');
    var row = document.getElementById(mark.getAttribute('aria-describedby'));
    if (!detail || !row) { return; }
    var heads = row.closest('table').querySelectorAll('thead th');
    var dl = document.createElement('dl');
    row.querySelectorAll('td').forEach(function (td, i) {
      var value = td.textContent.trim();
      if (!value || !heads[i]) { return; }
      var wrap = document.createElement('div');
      wrap.className = td.classList.contains('alt') ? 'row alt' : 'row';
      var dt = document.createElement('dt');
      dt.textContent = heads[i].textContent;
      var dd = document.createElement('dd');
      dd.textContent = value;
      wrap.appendChild(dt);
      wrap.appendChild(dd);
      dl.appendChild(wrap);
    });
    detail.replaceChildren(dl);
    detail.hidden = false;
  }

  function setup() {
    applyFilters(false);
  }

  results.addEventListener('change', function (e) {
    if (e.target.matches('input[data-filter]')) { applyFilters(true); }
  });
  results.addEventListener('focusin', function (e) {
    if (e.target.matches('mark[aria-describedby]')) { showDetail(e.target); }
  });
  results.addEventListener('click', function (e) {
    var m = e.target.closest('mark[aria-describedby]');
    if (m) { showDetail(m); }
  });
  window.addEventListener('popstate', function () { location.reload(); });
  setup();
}());
