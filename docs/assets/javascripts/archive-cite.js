/*
 * The "引用本报告" box (HTML from build_archive/cite.py: citation_box_html).
 *
 * - Fills each access-date placeholder [data-cite-date] with the reader's local date, YYYY-MM-DD:
 *   the access date of a citation is the reader's, and the page itself must stay byte-identical
 *   on rebuild, so it cannot carry a date.
 * - When the site was built without a site URL, fills [data-cite-self-url] with this page's own
 *   address (the report page is the URL being cited).
 * - Builds the APA, BibTeX and RIS citations, folded blocks each with its copy button, from the
 *   page's JSON-LD, which holds every field they use (written out, with their markup, they were
 *   2.5 KB of every report page). The rules
 *   are those of cite.py's _apa7, _bibtex and _ris; tests/test_browser.py checks that both give
 *   the same text. window.archiveCite.formats(jsonLd, url) is the builder, for those tests.
 * - Shows the copy buttons (hidden without JavaScript, where the text is still selectable) and
 *   copies the citation with navigator.clipboard, else a hidden textarea, else selects the text.
 *
 * Plain ES2017, no dependencies, no external hosts; text is only ever set via textContent.
 */
(function () {
  'use strict';

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function selfUrl() {
    // The page's directory URL: r/<code>/ whether it was opened as r/<code>/ or r/<code>/index.html.
    var url = new URL('./', window.location.href);
    url.search = '';
    url.hash = '';
    return url.href;
  }

  function setStatus(box, text) {
    var status = box.querySelector('[data-cite-status]');
    if (status) status.textContent = text;
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function copyWithTextarea(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.top = '0';
    area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithTextarea(text); });
    }
    return Promise.resolve(copyWithTextarea(text));
  }


  // --- APA, BibTeX and RIS from the JSON-LD (cite.py: json_ld) ---------------------------------

  var ARCHIVE_NAME = '县级卫生健康工作报告档案';
  var BIBTEX_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  var BIBTEX_SPECIAL = {
    '\\': '\\textbackslash{}', '{': '\\textbraceleft{}', '}': '\\textbraceright{}',
    '&': '\\&', '%': '\\%', '$': '\\$', '#': '\\#', '_': '\\_',
    '^': '\\textasciicircum{}', '~': '\\textasciitilde{}'
  };

  function end(text, mark) {
    return /[.?!。？！]$/.test(text) ? text : text + (mark || '.');
  }

  function dateParts(iso) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso || '');
    return m ? [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null] : null;
  }

  function bibtexEscape(value) {
    var out = '';
    for (var c of String(value)) out += BIBTEX_SPECIAL[c] || c;
    return out;
  }

  function bibtexUrl(url) {
    var out = '';
    for (var c of url) {
      var code = c.codePointAt(0);
      if (code >= 0x20 && code < 0x7f && '{}\\ "<>'.indexOf(c) < 0) { out += c; continue; }
      new TextEncoder().encode(c).forEach(function (b) { out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase(); });
    }
    return out;
  }

  // The fields cite.py's functions read, as its json_ld() wrote them.
  function fields(ld) {
    var author = ld.author;
    var persons = Array.isArray(author);
    var names = persons ? author.map(function (a) { return a.name; }) : author ? [author.name] : [];
    var place = ld.spatialCoverage || null;
    var placeNames = [];
    if (place) {
      var address = place.address || {};
      [address.addressRegion, place.containedInPlace && place.containedInPlace.name, address.addressLocality]
        .forEach(function (n) { if (n) placeNames.push(n); });
    }
    return {
      news: ld['@type'] === 'NewsArticle', title: ld.name, code: ld.identifier, names: names,
      persons: persons, outlet: ld.publisher ? ld.publisher.name : null, date: dateParts(ld.datePublished),
      genre: ld.genre || null, place: placeNames.join(''), language: ld.inLanguage || 'zh-CN',
      keywords: ld.keywords || []
    };
  }

  function apa7(f, url) {
    var title = f.title + ' (' + f.code + ').';
    var container = f.persons ? f.outlet : null;
    if (container) title += ' ' + end(container);
    var d = f.date;
    var date = !d ? '(日期不详).' : d[1] === null ? '(' + d[0] + ').'
      : '(' + d[0] + '年' + d[1] + '月' + (d[2] ? d[2] + '日' : '') + ').';
    var author = f.names.join(', ');
    var head = author ? end(author) + ' ' + date + ' ' + title : title + ' ' + date;
    return head + ' ' + ARCHIVE_NAME + '. ' + url;
  }

  function bibtex(f, url) {
    var out = [];
    if (f.names.length) out.push(['author', f.names.map(function (n) { return '{' + bibtexEscape(n) + '}'; }).join(' and ')]);
    out.push(['title', '{' + bibtexEscape(f.title) + '}']);
    if (f.news && f.outlet) out.push(['howpublished', bibtexEscape(f.outlet)]);
    else if (f.names.length && !f.news) out.push(['institution', bibtexEscape(f.names[0])]);
    out.push(['type', bibtexEscape(f.genre || '报告')]);
    out.push(['number', bibtexEscape(f.code)]);
    if (f.date) out.push(['year', String(f.date[0])]);
    if (f.place) out.push(['address', bibtexEscape(f.place)]);
    out.push(['url', bibtexUrl(url)]);
    out.push(['language', 'chinese']);
    if (f.keywords.length) out.push(['keywords', f.keywords.map(bibtexEscape).join(', ')]);
    out.push(['note', bibtexEscape(ARCHIVE_NAME + '，引用编号 ' + f.code)]);
    var lines = ['@' + (f.news ? 'misc' : 'techreport') + '{' + f.code.replace(/[^A-Za-z0-9_:-]/g, '_') + ','];
    out.forEach(function (kv) { lines.push('  ' + kv[0] + ' = {' + kv[1] + '},'); });
    if (f.date && f.date[1]) lines.push('  month = ' + BIBTEX_MONTHS[f.date[1] - 1] + ',');
    lines[lines.length - 1] = lines[lines.length - 1].replace(/,$/, '');
    return lines.join('\n') + '\n}';
  }

  function ris(f, url) {
    var lines = [['TY', f.news ? 'NEWS' : 'RPRT'], ['TI', f.title]];
    f.names.forEach(function (n) { lines.push(['AU', n]); });
    if (f.news && f.outlet) lines.push(['T2', f.outlet]);
    var d = f.date;
    if (d) {
      lines.push(['PY', String(d[0])]);
      lines.push(['DA', d[0] + '/' + (d[1] ? pad(d[1]) : '') + '/' + (d[2] ? pad(d[2]) : '') + '/']);
    }
    var publisher = f.news ? f.outlet : f.names.join(', ');
    if (publisher) lines.push(['PB', publisher]);
    if (f.place) lines.push(['CY', f.place]);
    if (f.genre) lines.push(['M3', f.genre]);
    lines.push(['SN', f.code], ['LA', f.language], ['UR', url], ['DB', ARCHIVE_NAME]);
    f.keywords.forEach(function (k) { lines.push(['KW', k]); });
    lines.push(['ER', '']);
    return lines.map(function (kv) { return kv[0] + '  - ' + kv[1]; }).join('\n');
  }

  // cite.py's BUILT_IN_BROWSER formats with their FORMAT_LABELS.
  var BUILT = [['apa7', 'APA（第 7 版）'], ['bibtex', 'BibTeX'], ['ris', 'RIS']];

  function formats(ld, url) {
    var f = fields(ld);
    return { apa7: apa7(f, url), bibtex: bibtex(f, url), ris: ris(f, url) };
  }
  window.archiveCite = { formats: formats };

  function pageRecord() {
    var script = document.querySelector('script[type="application/ld+json"]');
    if (!script) return null;
    try { return JSON.parse(script.textContent); } catch (e) { return null; }
  }

  function init(box) {
    if (box.hasAttribute('data-cite-ready')) return;
    box.setAttribute('data-cite-ready', '');
    var date = today();
    box.querySelectorAll('[data-cite-date]').forEach(function (el) { el.textContent = date; });
    var url = selfUrl();
    box.querySelectorAll('[data-cite-self-url]').forEach(function (el) { el.textContent = url; });
    var ld = pageRecord();
    if (ld) {
      // The folded blocks of the formats built here, after the written-out ones, in cite.py's
      // FORMATS order.
      var built = formats(ld, ld.url || url);
      var before = box.querySelector('noscript, .archive-cite__note');
      BUILT.forEach(function (f) {
        var details = document.createElement('details');
        details.className = 'archive-cite__format';
        details.setAttribute('data-cite-block', f[0]);
        var summary = document.createElement('summary');
        var label = document.createElement('span');
        label.className = 'archive-cite__label';
        label.textContent = f[1];
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'archive-cite__copy md-button';
        button.setAttribute('data-cite-copy', f[0]);
        button.setAttribute('aria-label', '复制 ' + f[1] + ' 格式引文');
        button.textContent = '复制';
        summary.append(label, button);
        var pre = document.createElement('pre');
        pre.className = 'archive-cite__text';
        pre.setAttribute('data-cite-format', f[0]);
        pre.setAttribute('data-cite-build', '');
        pre.textContent = built[f[0]];
        details.append(summary, pre);
        box.insertBefore(details, before);
      });
    }
    box.querySelectorAll('button[data-cite-copy]').forEach(function (button) {
      var pre = box.querySelector('pre[data-cite-format="' + button.getAttribute('data-cite-copy') + '"]');
      if (!pre) return;
      button.hidden = false;
      button.addEventListener('click', function (event) {
        // Inside <summary> a click would also fold or unfold the details.
        event.preventDefault();
        var label = button.getAttribute('aria-label') || '';
        copy(pre.textContent).then(function (ok) {
          if (ok) {
            setStatus(box, '已复制 ' + label.replace(/^复制\s*/, '') + '。');
          } else {
            var details = pre.closest('details');
            if (details) details.open = true;
            selectText(pre);
            setStatus(box, '浏览器不允许自动复制，引文已选中，请按 Ctrl+C（手机上长按）复制。');
          }
        });
      });
    });
  }

  function initAll() {
    document.querySelectorAll('[data-cite-box]').forEach(init);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', initAll);
  } else {
    initAll();
  }
  // mkdocs-material's instant navigation swaps pages without a load event; document$ announces
  // each new page (init is idempotent, so a replay of the first page does no harm).
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(initAll);
  }
})();
