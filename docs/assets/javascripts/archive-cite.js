/*
 * The "引用本报告" box (HTML from build_archive/cite.py: citation_box_html).
 *
 * The page carries the box empty and hidden (without JavaScript the metadata table's 引用编号
 * row names the code). This script shows it and builds it: its heading with the citation code,
 * and every format from the page's JSON-LD, which holds every field they use (written out with
 * their markup they were 1.3 KB of every report page, issue 16; the heading and a note for
 * readers without the script 400 bytes more), GB/T 7714 open and APA, BibTeX and RIS folded,
 * each selectable with a copy button.
 * - The access date in GB/T 7714 is the reader's local date, YYYY-MM-DD: the page itself must
 *   stay byte-identical on rebuild, so it cannot carry a date.
 * - When the site was built without a site URL, the address cited is this page's own.
 * - The rules are those of cite.py's _gbt7714, _apa7, _bibtex and _ris; tests/test_browser.py
 *   checks that both give the same text. window.archiveCite.formats(jsonLd, url, accessDate)
 *   is the builder, for those tests.
 * - Copies with navigator.clipboard, else a hidden textarea, else selects the text.
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


  // --- GB/T 7714, APA, BibTeX and RIS from the JSON-LD (cite.py: json_ld) ---------------------

  var ARCHIVE_NAME = '县级卫生健康工作报告档案';
  var ACCESS_PLACEHOLDER = '引用日期';
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
      isoDate: ld.datePublished || null,
      genre: ld.genre || null, place: placeNames.join(''), language: ld.inLanguage || 'zh-CN',
      keywords: ld.keywords || []
    };
  }

  function gbt7714(f, url, access) {
    var out = '';
    var author = f.names.join(', ');
    if (author) out += end(author) + ' ';
    out += f.title + '[EB/OL]. ';
    if (f.persons && f.outlet) out += f.outlet + ', ';
    if (f.isoDate) out += '(' + f.isoDate + ')';
    return out + '[' + (access || ACCESS_PLACEHOLDER) + ']. ' + url + '.';
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

  // cite.py's FORMATS with their FORMAT_LABELS; the first is shown open, the others folded.
  var FORMATS = [['gbt7714', 'GB/T 7714—2015'], ['apa7', 'APA（第 7 版）'], ['bibtex', 'BibTeX'], ['ris', 'RIS']];
  var DATE_NOTE = 'GB/T 7714 引文方括号中的日期是引用日期，即您查阅本页的日期。';

  function formats(ld, url, access) {
    var f = fields(ld);
    return { gbt7714: gbt7714(f, url, access), apa7: apa7(f, url), bibtex: bibtex(f, url), ris: ris(f, url) };
  }
  window.archiveCite = { formats: formats };

  function pageRecord() {
    var script = document.querySelector('script[type="application/ld+json"]');
    if (!script) return null;
    try { return JSON.parse(script.textContent); } catch (e) { return null; }
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function init(box) {
    if (box.hasAttribute('data-cite-ready')) return;
    var ld = pageRecord();
    if (!ld) return;  // the box stays hidden: the metadata table names the code
    box.setAttribute('data-cite-ready', '');
    var built = formats(ld, ld.url || selfUrl(), today());
    // The heading (cite.py's BOX_HEADING) and the citation code.
    var heading = make('p', 'archive-cite__heading');
    heading.id = 'cite-heading';
    var code = make('span', 'archive-cite__code', '引用编号 ');
    code.append(make('code', '', ld.identifier || ''));
    heading.append(make('strong', '', '引用本报告'), code);
    box.append(heading);
    box.setAttribute('aria-labelledby', 'cite-heading');
    box.hidden = false;
    FORMATS.forEach(function (f, i) {
      var block = make(i === 0 ? 'div' : 'details', 'archive-cite__format');
      block.setAttribute('data-cite-block', f[0]);
      var head = make(i === 0 ? 'p' : 'summary', i === 0 ? 'archive-cite__head' : '');
      var button = make('button', 'archive-cite__copy md-button', '复制');
      button.type = 'button';
      button.setAttribute('data-cite-copy', f[0]);
      button.setAttribute('aria-label', '复制 ' + f[1] + ' 格式引文');
      head.append(make('span', 'archive-cite__label', f[1]), button);
      var pre = make('pre', 'archive-cite__text', built[f[0]]);
      pre.setAttribute('data-cite-format', f[0]);
      pre.setAttribute('data-cite-build', '');
      block.append(head, pre);
      box.append(block);
      button.addEventListener('click', function (event) {
        // Inside <summary> a click would also fold or unfold the details.
        event.preventDefault();
        copy(pre.textContent).then(function (ok) {
          if (ok) {
            setStatus(box, '已复制 ' + f[1] + ' 格式引文。');
          } else {
            if (block.tagName === 'DETAILS') block.open = true;
            selectText(pre);
            setStatus(box, '浏览器不允许自动复制，引文已选中，请按 Ctrl+C（手机上长按）复制。');
          }
        });
      });
    });
    var note = make('p', 'archive-cite__note', DATE_NOTE);
    var status = make('span', 'archive-cite__status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.setAttribute('data-cite-status', '');
    note.append(status);
    box.append(note);
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
