/*
 * Research views under the search results: term trends (matching reports per year, as a count
 * and as a share of that year's reports; per province, click a bar to filter), a 上下文
 * (keyword-in-context) view grouped by report, and 导出 CSV of the result list.
 *
 * Built on archive-search.js: it announces each completed search (the archive:results event)
 * and exposes the index and the session (archiveSearch.current()). The counts come from the
 * candidates and the year and province columns the search has already loaded, divided by the
 * small count table search-index/counts.json: a trend costs that table and nothing else. The
 * 上下文 view reads only the texts the search has fetched for the results shown.
 *
 * Charts are plain SVG and DOM made here, no chart library: bars and labels are all these views
 * need, and a library would add ~200 KB to every page. Every string from the index is
 * untrusted scraped text and reaches the page through textContent only.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var W = 480, H = 200, L = 44, R = 12, T = 18, B = 30;
  var CONTEXT = 40;            // characters of context on each side of a hit, at most
  var EXPORT_CONCURRENCY = 6;
  var BOUNDARY = /[。！？!?；;\n]/;

  // ?view=kwic opens the 上下文 view: a shared link reproduces what its sender saw.
  var state = { detail: null, view: new URLSearchParams(location.search).get('view') === 'kwic' ? 'kwic' : 'trends',
                countsPromise: null, countsFor: null, job: null, all: null };

  function keepViewInUrl() {
    var u = new URL(location.href);
    if (state.view === 'kwic') u.searchParams.set('view', 'kwic'); else u.searchParams.delete('view');
    if (u.href !== location.href) history.replaceState(history.state, '', u.pathname + u.search + u.hash);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    if (text != null) e.textContent = text;
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function num(x) { return String(Math.round(x * 10) / 10); }

  // An axis top and tick step for values up to ``peak``: at most five round ticks, as the
  // build-time charts have them (charts.scale); ``whole``: counts, whose steps are whole numbers.
  function scale(peak, whole) {
    var x = peak > 0 ? peak / 4 : 1, p = Math.pow(10, Math.floor(Math.log10(x))), step = 10 * p;
    [1, 2, 5].some(function (m) { if (x <= m * p * (1 + 1e-9)) { step = m * p; return true; } return false; });
    if (whole) step = Math.max(1, step);
    return { top: step * Math.max(1, Math.ceil(peak / step - 1e-9)), step: step };
  }

  function pct(x) {
    var v = Math.round(x * 1000) / 10;
    return (v === Math.round(v) ? String(v) : v.toFixed(1)) + '%';
  }

  /* ------------------------------------------------------------ data */

  function counts(index) {
    if (!state.countsPromise || state.countsFor !== index.id) {
      state.countsFor = index.id;
      state.countsPromise = fetch(new URL('counts.json' + (index.id ? '?v=' + index.id : ''), index.root).href)
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status + ' counts.json'); return r.json(); });
      state.countsPromise.catch(function () { state.countsPromise = null; });
    }
    return state.countsPromise;
  }

  // Results per year (passing every filter but the year) and per province (every filter but
  // the province), so each bar says how many results choosing it gives. The exact result set
  // when the search has checked every candidate (it does up to a hundred or so), else the
  // candidates, which may include a rare report holding the query's characters apart.
  function tally(index, session) {
    var api = window.archiveSearch, codes = api.filterCodes(index, session.filters || {});
    var exact = session.exactIds ? session.exactIds() : (session.needsCheck ? null : session.candidates);
    var ids = exact || session.candidates, years = new Map(), provinces = new Map();
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i], y = index.years[id], p = index.prov ? index.prov[id] : 0;
      if (y && api.passes(index, id, codes, 'year')) years.set(y, (years.get(y) || 0) + 1);
      if (p && api.passes(index, id, codes, 'province')) {
        var name = index.m.provinces[p - 1];
        provinces.set(name, (provinces.get(name) || 0) + 1);
      }
    }
    return { years: years, provinces: provinces, exact: !!exact };
  }

  // What a share divides by: the reports of each year (and of each province) within the same
  // filters, query aside. The count table has them per year, province and both; a county, 文种
  // or theme filter needs the columns the search has loaded (every doc's, no download).
  function denominators(index, s, table) {
    var f = s.filters || {};
    if (!f.county && !f.type && !f.theme) {
      var years = new Map(), provinces = new Map();
      var perYear = f.province ? (table.provinceYears[f.province] || {}) : table.years;
      Object.keys(perYear).forEach(function (y) { years.set(Number(y), perYear[y]); });
      Object.keys(table.provinces).forEach(function (p) {
        provinces.set(p, f.year ? ((table.provinceYears[p] || {})[f.year] || 0) : table.provinces[p]);
      });
      return { years: years, provinces: provinces };
    }
    var api = window.archiveSearch, codes = api.filterCodes(index, f), y2 = new Map(), p2 = new Map();
    for (var id = 0; id < index.m.docs; id++) {
      var y = index.years[id], p = index.prov ? index.prov[id] : 0;
      if (y && api.passes(index, id, codes, 'year')) y2.set(y, (y2.get(y) || 0) + 1);
      if (p && api.passes(index, id, codes, 'province')) {
        var name = index.m.provinces[p - 1];
        p2.set(name, (p2.get(name) || 0) + 1);
      }
    }
    return { years: y2, provinces: p2 };
  }

  // The filtered results whose records the search has at hand, in result order, and whether that
  // is all of them: every result once the search has checked every candidate, else those shown.
  function loaded(index, s) {
    if (state.all && state.all.session === s) return { recs: state.all.recs, all: true };
    var exact = s.exactIds ? s.exactIds() : null;
    if (!exact || !s.verified) return { recs: s.results.map(function (r) { return r.rec; }), all: s.done ? s.done() : false };
    // The results shown first, in their order, then the rest in rank order.
    var api = window.archiveSearch, codes = api.filterCodes(index, s.filters || {});
    var recs = s.results.map(function (r) { return r.rec; }), seen = new Set(recs.map(function (r) { return r.id; }));
    Array.prototype.forEach.call(s.ranked, function (id) {
      var v = s.verified.get(id);
      if (v && !seen.has(id) && api.passes(index, id, codes)) recs.push(v.rec);
    });
    return { recs: recs, all: true };
  }

  function terms(session) { return (session.terms || []).map(function (t) { return t.text; }); }

  // The sentence around position ``at`` of ``text``: from the last boundary before it to the
  // next one after the hit, cut to CONTEXT characters each side. Offsets index the original text
  // (normalize is one code unit for one), so the line shown is the report's own characters.
  function around(text, at, len) {
    var start = at, end = at + len;
    while (start > 0 && at - start < CONTEXT && !BOUNDARY.test(text[start - 1])) start--;
    while (end < text.length && end - at - len < CONTEXT && !BOUNDARY.test(text[end])) end++;
    if (end < text.length && BOUNDARY.test(text[end]) && text[end] !== '\n') end++;
    return { start: start, end: end, cutLeft: start > 0 && !BOUNDARY.test(text[start - 1]),
             cutRight: end < text.length && !BOUNDARY.test(text[end]) && !BOUNDARY.test(text[end - 1]) };
  }

  // Every hit of every term in one record, in text order: {term, at, line (start, end)}.
  function hitsOf(rec, ts) {
    var api = window.archiveSearch, out = [];
    ts.forEach(function (t) {
      api.occurrences(rec.norm, t, 1000).forEach(function (at) { out.push({ term: t, at: at }); });
    });
    out.sort(function (a, b) { return a.at - b.at || a.term.length - b.term.length; });
    return out;
  }

  /* ------------------------------------------------------------ panel */

  function panel(host) {
    var box = document.getElementById('archive-research');
    if (box) return box;
    box = el('section', { id: 'archive-research', class: 'ar-panel', 'aria-label': '检索结果分析' });
    var bar = el('div', { class: 'ar-tabs' });
    var tabs = el('div', { class: 'ar-tablist', role: 'tablist', 'aria-label': '查看方式' });
    [['trends', '趋势'], ['kwic', '上下文']].forEach(function (t) {
      var b = el('button', { type: 'button', role: 'tab', class: 'ar-tab', 'data-view': t[0],
        'aria-selected': String(state.view === t[0]) }, t[1]);
      b.addEventListener('click', function () { state.view = t[0]; keepViewInUrl(); render(); });
      tabs.append(b);
    });
    var exp = el('button', { type: 'button', class: 'ar-export' }, '导出 CSV');
    exp.addEventListener('click', exportCsv);
    bar.append(tabs, exp);
    box.append(bar, el('div', { class: 'ar-body' }), el('p', { class: 'ar-export-status', role: 'status' }));
    host.after(box);
    return box;
  }

  function render() {
    var cur = window.archiveSearch && window.archiveSearch.current && window.archiveSearch.current();
    var host = document.getElementById('archive-search');
    if (!host || !cur || !state.detail) return;
    var box = panel(host);
    box.hidden = false;
    box.querySelectorAll('.ar-tab').forEach(function (b) {
      b.setAttribute('aria-selected', String(b.dataset.view === state.view));
    });
    var body = box.querySelector('.ar-body');
    box.dataset.state = 'busy';
    if (state.view === 'kwic') {
      body.textContent = '';
      body.append(kwicView(cur));
      box.dataset.state = 'done';
      return;
    }
    var gen = state.generation = (state.generation || 0) + 1;
    Promise.all([counts(cur.index), cur.index.loadFacets()]).then(function (got) {
      if (gen !== state.generation) return;
      body.textContent = '';
      body.append(trendView(cur, got[0]));
      box.dataset.state = 'done';
    }, function (e) {
      if (gen !== state.generation) return;
      body.textContent = '';
      body.append(el('p', { class: 'ar-note' }, '趋势图暂时无法显示（' + e.message + '）。'));
      box.dataset.state = 'error';
    });
  }

  /* ------------------------------------------------------------ trends */

  function trendView(cur, table) {
    var index = cur.index, s = cur.session, t = tally(index, s), f = s.filters || {};
    var wrap = el('div', { class: 'ar-trends' });
    var q = terms(s).join(' ');
    var exact = t.exact;
    var all = Object.keys(table.years).map(Number);
    t.years.forEach(function (n, y) { all.push(y); });
    if (!all.length) { wrap.append(el('p', { class: 'ar-note' }, '没有可按年度统计的报告。')); return wrap; }
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all), years = [];
    for (var y = lo; y <= hi; y++) years.push(y);
    var denom = denominators(index, s, table);
    var countRows = years.map(function (y) { return { year: y, n: t.years.get(y) || 0, of: denom.years.get(y) || 0 }; });
    wrap.append(el('h3', { class: 'ar-h' }, (q ? '含“' + q + '”的报告' : '符合筛选条件的报告') + '：按年度'));
    wrap.append(yearChart(countRows, 'count', q, f.year), yearChart(countRows, 'share', q, f.year));
    var note = (exact ? '' : '篇数按索引统计（含有检索词的每个字对的报告），偶有个别报告并不含完整检索词，下面的结果列表逐篇核对过。') +
      '占比 = 该年' + (q ? '含检索词的' : '') + '报告 ÷ 该年' +
      ([f.province, f.county, f.type, f.theme].some(Boolean) ? '符合同样筛选条件（' +
        // A county filter is written 省/县.
        [f.province, f.county && f.county.slice(f.county.indexOf('/') + 1), f.type, f.theme].filter(Boolean).join('、') +
        '）的' : '') + '全部报告。点击柱子按年份筛选，再点一次取消。';
    wrap.append(el('p', { class: 'ar-note' }, note));
    wrap.append(el('h3', { class: 'ar-h' }, '按省份' + (f.year ? '（' + f.year + '年）' : '')));
    wrap.append(provinceBars(t.provinces, denom.provinces, f));
    return wrap;
  }

  function yearChart(rows, kind, q, chosen) {
    var share = kind === 'share';
    var val = function (r) { return share ? (r.of ? r.n / r.of : 0) : r.n; };
    var peak = Math.max.apply(null, rows.map(val));
    // Counts get whole-number ticks (a top of 4, 8, 20, 40 …).
    var sc = share ? (peak > 0.5 ? { top: 1, step: 0.25 } : (function (q) { return { top: q.top / 100, step: q.step / 100 }; })(scale(Math.max(peak, 0.01) * 100)))
      : scale(Math.max(peak, 1), true);
    var top = sc.top, ticks = Math.max(1, Math.round(sc.top / sc.step));
    var label = share ? '占当年报告的比例' : '报告篇数';
    // A group, not an image: its bars are buttons (in the count chart; the share chart's bars
    // repeat them for the mouse, so the keyboard meets each year once).
    var root = svg('svg', { class: 'chart chart-years ar-chart-' + kind, viewBox: '0 0 ' + W + ' ' + H, role: 'group',
      'aria-label': (q ? '含“' + q + '”的' : '') + label + '，按年度' });
    root.append(svg('title', null, label + '，按年度'));
    var pw = W - L - R, ph = H - T - B, slot = pw / rows.length, bw = Math.max(2, slot * 0.7);
    for (var k = 0; k <= ticks; k++) {
      var gy = T + ph * (1 - k / ticks), v = sc.step * k;
      root.append(svg('line', { class: 'chart-grid', x1: L, x2: W - R, y1: num(gy), y2: num(gy) }));
      root.append(svg('text', { class: 'chart-tick', x: L - 4, y: num(gy + 4), 'text-anchor': 'end' },
        share ? pct(v) : String(Math.round(v * 100) / 100)));
    }
    root.append(svg('text', { class: 'chart-unit', x: L, y: T - 8, 'text-anchor': 'start' }, share ? '占比' : '篇'));
    var step = rows.length <= 12 ? 1 : rows.length <= 24 ? 2 : 5;
    rows.forEach(function (r, i) {
      var x = L + slot * (i + 0.5), h = ph * val(r) / top;
      var g = svg('g', share ? { class: 'ar-bar', 'data-year': String(r.year), 'aria-hidden': 'true' }
        : { class: 'ar-bar', tabindex: '0', role: 'button', 'data-year': String(r.year),
        'aria-label': r.year + '年：' + r.n + ' 篇' + (r.of ? '，占当年 ' + r.of + ' 篇的 ' + pct(r.n / r.of) : '') });
      g.append(svg('title', null, r.year + '年：' + r.n + ' 篇' + (r.of ? '，占当年 ' + r.of + ' 篇的 ' + pct(r.n / r.of) : '')));
      // A transparent full-height target: a year with one hit is still easy to tap.
      g.append(svg('rect', { class: 'ar-hit', x: num(x - slot / 2), y: T, width: num(slot), height: ph }));
      g.append(svg('rect', { class: 'chart-bar' + (String(r.year) === String(chosen) ? ' ar-chosen' : ''),
        x: num(x - bw / 2), y: num(T + ph - h), width: num(bw), height: num(h) }));
      if (!share) g.setAttribute('aria-pressed', String(String(r.year) === String(chosen)));
      if (r.n && rows.length <= 24) {
        g.append(svg('text', { class: 'chart-value', x: num(x), y: num(T + ph - h - 3), 'text-anchor': 'middle' },
          share ? pct(val(r)) : String(r.n)));
      }
      g.addEventListener('click', function () { toggle('year', String(r.year)); });
      g.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle('year', String(r.year)); }
      });
      root.append(g);
      if (i % step === 0 || i === rows.length - 1) {
        root.append(svg('text', { class: 'chart-tick', x: num(x), y: H - B + 16, 'text-anchor': 'middle' }, String(r.year)));
      }
    });
    var fig = el('figure', { class: 'chart-figure' });
    fig.append(root);
    fig.append(el('figcaption', null, share ? '占当年报告的比例' : '报告篇数'));
    return fig;
  }

  function provinceBars(provinces, of, f) {
    var names = Array.from(of.keys());
    provinces.forEach(function (n, p) { if (names.indexOf(p) < 0) names.push(p); });
    var rows = names.map(function (p) {
      return { name: p, n: provinces.get(p) || 0, of: of.get(p) || 0 };
    }).filter(function (r) { return r.n > 0 || r.name === f.province; });
    rows.sort(function (a, b) { return b.n - a.n || a.name.localeCompare(b.name, 'zh'); });
    var list = el('ol', { class: 'ar-provinces' });
    if (!rows.length) { list.append(el('li', { class: 'ar-note' }, '没有可按省份统计的报告。')); return list; }
    var peak = Math.max.apply(null, rows.map(function (r) { return r.n; })) || 1;
    rows.forEach(function (r) {
      var li = el('li');
      var b = el('button', { type: 'button', class: 'ar-pbar', 'data-province': r.name,
        'aria-pressed': String(f.province === r.name),
        title: r.name + '：' + r.n + ' 篇' + (r.of ? '，占该省 ' + r.of + ' 篇的 ' + pct(r.n / r.of) : '') });
      b.append(el('span', { class: 'ar-pname' }, r.name));
      var track = el('span', { class: 'ar-ptrack' });
      var fill = el('span', { class: 'ar-pfill' });
      fill.style.width = (100 * r.n / peak).toFixed(1) + '%';
      track.append(fill);
      b.append(track, el('span', { class: 'ar-pnum' }, r.n + (r.of ? '（' + pct(r.n / r.of) + '）' : '')));
      b.addEventListener('click', function () { toggle('province', r.name); });
      li.append(b);
      list.append(li);
    });
    return list;
  }

  // A click on the chosen bar clears its filter, on another bar chooses it.
  function toggle(name, value) {
    var cur = window.archiveSearch.current();
    var now = cur && cur.session.filters ? cur.session.filters[name] : '';
    window.archiveSearch.setFilter(name, now === value ? '' : value);
  }

  /* ------------------------------------------------------------ 上下文 */

  function kwicView(cur) {
    var s = cur.session, ts = terms(s), wrap = el('div', { class: 'ar-kwic' });
    if (!ts.length) { wrap.append(el('p', { class: 'ar-note' }, '输入检索词后可查看每一处出现的上下文。')); return wrap; }
    var total = 0, groups = [], have = loaded(cur.index, s);
    have.recs.forEach(function (rec) {
      var lines = [];
      hitsOf(rec, ts).forEach(function (h) {
        var span = around(rec.text, h.at, h.term.length);
        lines.push({ span: span, at: h.at, term: h.term });
      });
      if (lines.length) { groups.push({ rec: rec, lines: lines }); total += lines.length; }
    });
    var note = el('p', { class: 'ar-note' }, (have.all ? '全部 ' : '已显示的 ') + groups.length + ' 篇报告中共 ' + total + ' 处' +
      (ts.length > 1 ? '（每行含检索词之一，标出的是该行所列的一处）' : '') +
      (have.all ? '。' : '；结果较多，这里先列出已显示的报告。'));
    if (!have.all) {
      var n = s.total ? s.total().n : s.ranked.length;
      var all = el('button', { type: 'button', class: 'ar-more' }, '列出全部约 ' + n + ' 篇的上下文（需下载这些报告的全文）');
      all.addEventListener('click', kwicAll);
      note.append(' ', all);
    }
    wrap.append(note);
    groups.forEach(function (g) {
      var sec = el('section', { class: 'ar-kwic-report' });
      var h = el('h4', { class: 'ar-kwic-title' });
      var href = safeHref(g.rec.u, cur.root, ts.join(' '));
      h.append(el(href ? 'a' : 'span', href ? { href: href } : null, g.rec.t));
      var meta = [g.rec.c, g.rec.p, g.rec.y ? g.rec.y + '年' : null].filter(Boolean).join(' · ');
      h.append(el('span', { class: 'ar-kwic-meta' }, (meta ? meta + ' · ' : '') + g.lines.length + ' 处'));
      sec.append(h);
      var ol = el('ol', { class: 'ar-kwic-lines' });
      g.lines.forEach(function (line) { ol.append(kwicLine(g.rec, line)); });
      sec.append(ol);
      wrap.append(sec);
    });
    return wrap;
  }

  function kwicLine(rec, line) {
    var sp = line.span, text = rec.text.replace(/\s/g, ' ');  // one for one: offsets stay valid
    var li = el('li', { class: 'ar-line' });
    // Right-aligned and clipped on the left, so the words next to the hit always show: an
    // isolated left-to-right run inside a right-to-left box.
    var left = el('span', { class: 'ar-left' });
    left.append(el('span', { dir: 'ltr' }, (sp.cutLeft ? '…' : '') + text.slice(sp.start, line.at)));
    var hit = el('mark', { class: 'ar-hit' }, text.slice(line.at, line.at + line.term.length));
    var right = el('span', { class: 'ar-right' }, text.slice(line.at + line.term.length, sp.end) + (sp.cutRight ? '…' : ''));
    li.append(left, hit, right);
    return li;
  }

  function safeHref(path, root, query) {
    var u = new URL(path, root);
    if (u.origin !== root.origin) return null;
    if (query) u.searchParams.set('h', query);
    return u.href;
  }

  /* ------------------------------------------------------------ 导出 CSV */

  function csvCell(v) {
    var s = v == null ? '' : String(v);
    if (/^'*[=+\-@\t\r]/.test(s)) s = "'" + s;   // never a spreadsheet formula
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function firstSentence(rec, ts) {
    if (!ts.length) return '';
    var titleEnd = rec.t.length, best = null;
    ts.forEach(function (t) {
      window.archiveSearch.occurrences(rec.norm, t, 50).forEach(function (at) {
        // The title is a column of its own: prefer the first hit after it.
        var rank = at < titleEnd ? at + 1e9 : at;
        if (!best || rank < best.rank) best = { rank: rank, at: at, len: t.length };
      });
    });
    if (!best) return null;
    var sp = around(rec.text, best.at, best.len);
    return rec.text.slice(sp.start, sp.end).replace(/\s+/g, ' ').trim();
  }

  function contains(rec, ts) {
    return ts.every(function (t) { return rec.norm.indexOf(t) >= 0; });
  }

  // Every filtered result's record in result order (those shown first), fetching the texts the
  // search has not fetched: for 上下文 over all results and for export. Candidates the search
  // found not to contain the query are passed over unfetched; the others are checked here.
  async function allRecords(cur, job, progress) {
    var s = cur.session, ts = terms(s);
    var shown = s.results.map(function (r) { return r.rec; });
    var seen = new Set(shown.map(function (r) { return r.id; }));
    var ids = Array.from(s.ranked).filter(function (id) { return !seen.has(id); });
    var out = new Array(ids.length), next = 0, done = 0;
    async function worker() {
      while (next < ids.length && !job.cancelled) {
        var i = next++, v = s.verified ? s.verified.get(ids[i]) : undefined;
        var rec = v ? v.rec : v === null ? null : await cur.index.doc(ids[i]);
        if (rec && contains(rec, ts)) out[i] = rec;
        done++;
        if (done % 20 === 0) progress(done, ids.length);
      }
    }
    var ws = [];
    for (var k = 0; k < Math.min(EXPORT_CONCURRENCY, ids.length); k++) ws.push(worker());
    await Promise.all(ws);
    var recs = shown.concat(out.filter(Boolean));
    if (!job.cancelled) state.all = { session: s, recs: recs };
    return recs;
  }

  // One long fetch at a time (export or 上下文 of all results); a second click cancels it.
  async function longJob(label, run) {
    var cur = window.archiveSearch.current(), box = document.getElementById('archive-research');
    if (!cur || !box) return;
    var status = box.querySelector('.ar-export-status');
    if (state.job) { state.job.cancelled = true; return; }
    var job = state.job = { cancelled: false };
    box.dataset.export = 'busy';
    status.textContent = '正在核对报告全文……';
    try {
      var recs = state.all && state.all.session === cur.session ? state.all.recs
        : await allRecords(cur, job, function (d, n) { status.textContent = '正在核对全文：' + d + ' / ' + n + ' 篇……（再点一次取消）'; });
      if (job.cancelled) { status.textContent = '已取消。'; return; }
      status.textContent = run(cur, recs);
    } catch (e) {
      status.textContent = label + '出错，请重试（' + e.message + '）。';
    } finally {
      state.job = null;
      box.dataset.export = 'done';
    }
  }

  function exportCsv() {
    return longJob('导出', function (cur, recs) {
      var s = cur.session, ts = terms(s);
      var head = ['code', 'title', 'county', 'province', 'year', 'url', 'first_matched_sentence'];
      var rows = recs.map(function (rec) {
        var m = /(?:^|\/)r\/([0-9a-f]+)\//.exec(rec.u || '');
        return [m ? 'CHR-' + m[1] : '', rec.t, rec.c || '', rec.p || '', rec.y || '',
          new URL(rec.u, cur.root).href, firstSentence(rec, ts) || ''];
      });
      var text = '\ufeff' + [head].concat(rows).map(function (r) { return r.map(csvCell).join(','); }).join('\n') + '\n';
      var blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
      var a = el('a', { href: URL.createObjectURL(blob), download: fileName(ts, s.filters) });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      return '已导出 ' + rows.length + ' 篇报告（' + fileName(ts, s.filters) + '）。';
    });
  }

  function kwicAll() {
    return longJob('载入上下文', function (cur, recs) {
      state.view = 'kwic';
      render();
      return '已列出全部 ' + recs.length + ' 篇报告的上下文。';
    });
  }

  function fileName(ts, f) {
    var parts = ['检索'].concat(ts, [f && f.province, f && f.year, f && f.theme].filter(Boolean));
    return parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) + '.csv';
  }

  /* ------------------------------------------------------------ wiring */

  document.addEventListener('archive:results', function (e) {
    state.detail = e.detail;
    keepViewInUrl();  // the search rewrites the URL from its query and filters on every run
    render();
  });
  // An emptied search box ends the search: the views go with it.
  document.addEventListener('input', function (e) {
    if (e.target && e.target.id === 'as-q' && !e.target.value.trim()) {
      var box = document.getElementById('archive-research');
      if (box) box.hidden = true;
      state.detail = null;
    }
  });
})();
