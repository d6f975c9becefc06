/*
 * The archive's own Chinese search: index reader, search page UI, match highlighting on report
 * pages and a small search form in the header. Plain ES2018, no dependencies, no external hosts.
 *
 * The index is built by build_archive/search_index.py; everything under "shared contract" must
 * stay identical to that module (normalisation, keys, shard hash, file formats).
 *
 * Every string that comes from the index is untrusted scraped text: it only ever reaches the page
 * through textContent / createTextNode, never innerHTML.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  // Keys fetched per term and per query: any subset of a term's bigrams gives a candidate superset
  // and the text check makes it exact, so a long pasted phrase need not fetch one shard per two
  // characters. Each shard costs ~10-30 KB and each false candidate one ~7 KB text: three spread
  // bigrams per term almost never let a false candidate through.
  var MAX_KEYS_PER_TERM = 3;
  var MAX_KEYS_PER_QUERY = 6;
  var FETCH_CONCURRENCY = 6;

  /* ---------------------------------------------------------------- shared contract */

  // Traditional-only character -> simplified, from search-index/fold.txt (the build's table);
  // until it has loaded, normalize() folds width and case only.
  var FOLD = null;

  function setFold(text) {
    var chars = Array.from(text || ''), map = new Map();
    for (var i = 0; i + 1 < chars.length; i += 2) map.set(chars[i], chars[i + 1]);
    FOLD = map.size ? { map: map, re: new RegExp('[' + Array.from(map.keys()).join('') + ']', 'gu') } : null;
  }

  function normalize(s) {
    // Full-width ASCII -> ASCII, ASCII upper -> lower, ideographic space -> space, traditional ->
    // simplified; one code unit in, one out, so offsets in the normalised text are offsets in the
    // original.
    s = s.replace(/[\uFF01-\uFF5E\u3000A-Z]/g, function (c) {
      var cp = c.charCodeAt(0);
      if (cp === 0x3000) return ' ';
      if (cp >= 0xFF01) c = String.fromCharCode(cp - 0xFEE0);
      return c.toLowerCase();
    });
    if (FOLD) s = s.replace(FOLD.re, function (c) { return FOLD.map.get(c); });
    return s;
  }

  var foldLoads = new Map();

  // The fold table of the index at `root`, fetched once per page.
  function loadFold(root) {
    var url = new URL('fold.txt', root).href;
    if (!foldLoads.has(url)) {
      foldLoads.set(url, fetch(url, { cache: 'no-cache' })
        .then(function (r) { return r.ok ? r.text() : ''; })
        .then(setFold, function () { /* search still works for simplified text */ }));
    }
    return foldLoads.get(url);
  }

  // The pinyin readings some traditional mirrors print after characters (會(huì )議) split the
  // words they stand in: the index holds every text without them, and so does what is checked
  // here. The pattern of build_archive/core/readings.py READING, written without look-behind
  // (older Safari lacks it): the Han character before a reading is matched, and kept.
  var TONED = '\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc\u00fc';
  var READING = new RegExp('([\\u3400-\\u9fff])\\((?=[^()]*[' + TONED + '])[a-zA-Z' + TONED + ' ]{1,12}\\)', 'g');

  function stripReadings(s) {
    return s.indexOf('(') < 0 ? s : s.replace(READING, '$1');
  }

  // stripReadings(s), and for each of its code units its offset in s (and s.length after them),
  // so that a match in the text without readings is marked where it stands on the page.
  function readingMap(s) {
    var text = '', at = [], last = 0, m, i;
    READING.lastIndex = 0;
    while (s.indexOf('(') >= 0 && (m = READING.exec(s)) !== null) {
      for (i = last; i <= m.index; i++) at.push(i);
      text += s.slice(last, m.index + 1);
      last = m.index + m[0].length;
    }
    for (i = last; i < s.length; i++) at.push(i);
    at.push(s.length);
    return { text: text + s.slice(last), at: at };
  }

  var RUN = /[\p{L}\p{N}]+/gu;

  function runsOf(text) {
    return (text.match(RUN) || []).map(function (r) { return Array.from(r); });
  }

  function keyHash(key) {
    var h = 2166136261;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h >>> 0;
  }

  function readVarints(u8, pos, count, out) {
    for (var i = 0; i < count; i++) {
      var v = 0, mul = 1, b;
      do { b = u8[pos++]; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
      out[i] = v;
    }
    return pos;
  }

  /* ---------------------------------------------------------------- query parsing */

  function spreadPick(items, max) {
    if (items.length <= max) return items;
    if (max === 1) return [items[items.length >> 1]];
    var out = [];
    for (var i = 0; i < max; i++) out.push(items[Math.round(i * (items.length - 1) / (max - 1))]);
    return out;
  }

  // A term's keys: unigram for a 1-char run; otherwise its bigrams, thinned to MAX_KEYS_PER_TERM
  // spread over the term. Overlapping bigrams (疫情, 情防, 防控) are what make the candidates
  // nearly exact: a report with 疫情 and 防控 apart seldom also has 情防.
  function termKeys(term) {
    var keys = [];
    runsOf(term).forEach(function (run) {
      if (run.length === 1) { keys.push(run[0]); return; }
      for (var i = 0; i < run.length - 1; i++) keys.push(run[i] + run[i + 1]);
    });
    var uniq = keys.filter(function (k, i) { return keys.indexOf(k) === i; });
    return spreadPick(uniq, MAX_KEYS_PER_TERM);
  }

  function parseQuery(q) {
    var seen = {};
    var terms = [];
    normalize(stripReadings(q || '')).split(/\s+/).forEach(function (t) {
      if (!t || seen[t] || !runsOf(t).length) return;  // punctuation-only terms match nothing useful
      seen[t] = true;
      var keys = termKeys(t);
      var runs = runsOf(t);
      // Postings are exact when the term is a single key (one or two letters/digits/Han).
      var exact = runs.length === 1 && runs[0].join('') === t && runs[0].length <= 2;
      terms.push({ text: t, keys: keys, exact: exact });
    });
    // Over the query budget: take keys round-robin so every term keeps at least one.
    var budget = Math.max(MAX_KEYS_PER_QUERY, terms.length);
    var total = terms.reduce(function (n, t) { return n + t.keys.length; }, 0);
    if (total > budget) {
      var kept = terms.map(function () { return []; }), left = budget;
      for (var round = 0; left > 0; round++) {
        terms.forEach(function (t, i) {
          if (left > 0 && round < t.keys.length) { kept[i].push(round); left--; }
        });
      }
      terms.forEach(function (t, i) {
        var picks = spreadPick(t.keys.map(function (k, j) { return j; }), kept[i].length);
        t.keys = picks.map(function (j) { return t.keys[j]; });
      });
    }
    return terms;
  }

  /* ---------------------------------------------------------------- fetching */

  async function gunzip(buf) {
    var u8 = new Uint8Array(buf);
    if (u8[0] !== 0x1f || u8[1] !== 0x8b) return u8;  // a host or proxy already decoded it
    var stream = new Blob([u8]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // A report's paragraphs as its page shows them: the <p> children of .report-body, each one's
  // text without permalink signs (.headerlink), joined by line breaks. The same contract as
  // build_archive/pagetext.py body_text, which the index was built from.
  function pageBody(doc) {
    var body = doc.querySelector('div.report-body');
    if (!body) return '';
    var out = [];
    for (var i = 0; i < body.children.length; i++) {
      var p = body.children[i];
      if (p.tagName !== 'P') continue;
      var copy = p.cloneNode(true);
      copy.querySelectorAll('.headerlink').forEach(function (e) { e.remove(); });
      out.push(copy.textContent);
    }
    return out.join('\n');
  }

  async function fetchPage(url) {
    var r = await fetch(url);
    if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + url);
    return new DOMParser().parseFromString(await r.text(), 'text/html');
  }

  async function fetchBytes(url, init) {
    var r = await fetch(url, init);
    if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + url);
    return { status: r.status, body: await r.arrayBuffer() };
  }

  function Index(root) {
    this.root = root;  // URL ending in 'search-index/'
    this.shardCache = new Map();
    this.docCache = new Map();
    this.packCache = new Map();
    this.ready = this._load();
  }

  Index.prototype.url = function (path) {
    return new URL(path + (this.id ? '?v=' + this.id : ''), this.root).href;
  };

  Index.prototype._load = async function () {
    var fold = loadFold(this.root);
    var r = await fetch(new URL('manifest.json', this.root).href, { cache: 'no-cache' });
    if (!r.ok) throw new Error('HTTP ' + r.status + ' manifest.json');
    var m = await r.json();
    if (m.version !== 2) throw new Error('unknown index version ' + m.version);
    this.m = m;
    this.id = m.id;
    var u8 = await gunzip((await fetchBytes(this.url('docs.bin'))).body);
    var n = m.docs, codes = new Array(n), years = new Int32Array(n);
    readVarints(u8, 0, n, codes);
    for (var i = 0; i < n; i++) years[i] = codes[i] ? m.years[codes[i] - 1] : 0;
    this.years = years;
    this.prov = null; this.themes = null;
    this.packStarts = new Map();
    this.heavy = new Map((m.heavy || []).map(function (k, i) { return [k, i]; }));
    this.counties = (m.counties || []).map(function (c) { return c[0] + '/' + c[1]; });
    this.docTypes = m.docTypes || [];
    await fold;
  };

  // Provinces and theme sets are only needed for the filters and their counts, so they load
  // after the first results instead of before (in publication order they do not compress well).
  Index.prototype.loadFacets = function () {
    var self = this;
    if (!this.facetsReady) {
      this.facetsReady = this.ready.then(function () {
        return Promise.all([fetchBytes(self.url('facets.bin')), fetchBytes(self.url('kinds.bin'))]);
      }).then(function (rs) { return Promise.all([gunzip(rs[0].body), gunzip(rs[1].body)]); })
        .then(function (u8s) {
          var u8 = u8s[0], n = self.m.docs, prov = new Array(n), themes = new Array(n), one = [0];
          var pos = readVarints(u8, 0, n, prov);
          for (var i = 0; i < n; i++) {
            pos = readVarints(u8, pos, 1, one);
            var t = new Array(one[0]);
            pos = readVarints(u8, pos, one[0], t);
            themes[i] = t;
          }
          var kinds = new Array(2 * n);
          readVarints(u8s[1], 0, 2 * n, kinds);
          self.county = Int32Array.from(kinds.slice(0, n));
          self.kind = Int32Array.from(kinds.slice(n));
          self.prov = Int32Array.from(prov);
          self.themes = themes;
        });
      this.facetsReady.catch(function () { self.facetsReady = null; });
    }
    return this.facetsReady;
  };

  Index.prototype.packOf = function (id) {
    var p = this.m.packs, lo = 0, hi = p.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (p[mid] <= id) lo = mid; else hi = mid - 1; }
    return lo;
  };

  // Byte offsets of every member of a pack, from its small .len.bin companion.
  Index.prototype.memberStarts = function (pack) {
    var self = this;
    if (!this.packStarts.has(pack)) {
      var first = this.m.packs[pack];
      var count = (pack + 1 < this.m.packs.length ? this.m.packs[pack + 1] : this.m.docs) - first;
      var pr = fetchBytes(this.url('t/' + pack + '.len.bin')).then(function (r) { return gunzip(r.body); })
        .then(function (u8) {
          var lens = new Array(count), starts = new Float64Array(count + 1);
          readVarints(u8, 0, count, lens);
          for (var i = 0; i < count; i++) starts[i + 1] = starts[i] + lens[i];
          return starts;
        });
      pr.catch(function () { self.packStarts.delete(pack); });
      this.packStarts.set(pack, pr);
    }
    return this.packStarts.get(pack);
  };

  // The postings file holding a key: its own file for the most frequent keys, else its hash shard.
  Index.prototype.shardPath = function (key) {
    if (this.heavy.has(key)) return 'h/' + this.heavy.get(key) + '.bin';
    var n = keyHash(key) & (this.m.shards - 1);
    return 's/' + n.toString(16).padStart(this.m.shardWidth, '0') + '.bin';
  };

  Index.prototype.shard = function (path) {
    var self = this;
    if (!this.shardCache.has(path)) {
      var blockDocs = this.m.blockDocs;
      var pr = fetchBytes(this.url(path)).then(function (r) { return gunzip(r.body); })
        .then(function (u8) { return parseShard(u8, blockDocs); });
      pr.catch(function () { self.shardCache.delete(path); });
      this.shardCache.set(path, pr);
    }
    return this.shardCache.get(path);
  };

  // A postings file is one piece per block of blockDocs doc ids, each with ids local to its
  // block; a key's entry lists its segments, one per block it occurs in, in id order.
  function parseShard(u8, blockDocs) {
    var dec = new TextDecoder(), map = new Map(), one = [0], two = [0, 0], pos = 0;
    for (var base = 0; pos < u8.length; base += blockDocs) {
      pos = readVarints(u8, pos, 1, one);
      var n = one[0], heads = [];
      for (var i = 0; i < n; i++) {
        pos = readVarints(u8, pos, 1, one);
        var key = dec.decode(u8.subarray(pos, pos + one[0]));
        pos += one[0];
        pos = readVarints(u8, pos, 2, two);
        heads.push([key, two[0], two[1]]);
      }
      heads.forEach(function (h) {
        if (!map.has(h[0])) map.set(h[0], { df: 0, segs: [] });
        var e = map.get(h[0]);
        e.df += h[1];
        e.segs.push({ base: base, df: h[1], idPos: pos, scorePos: pos + h[2] });
        pos += h[2] + h[1];
      });
    }
    map.u8 = u8;
    return map;
  }

  function decodePostings(u8, e) {
    var ids = new Int32Array(e.df), scores = new Uint8Array(e.df), tmp = [0], k = 0;
    e.segs.forEach(function (g) {
      var pos = g.idPos, last = g.base - 1;
      scores.set(u8.subarray(g.scorePos, g.scorePos + g.df), k);
      for (var i = 0; i < g.df; i++) {
        pos = readVarints(u8, pos, 1, tmp);
        last += tmp[0];
        ids[k++] = last;
      }
    });
    return { ids: ids, scores: scores };
  }

  var EMPTY = { ids: new Int32Array(0), scores: new Uint8Array(0) };

  Index.prototype.postings = async function (key) {
    var shard = await this.shard(this.shardPath(key));
    var e = shard.get(key);
    if (!e) return EMPTY;
    if (!e.decoded) e.decoded = decodePostings(shard.u8, e);
    return e.decoded;
  };

  // Byte range of one pack; hosts that ignore Range get the whole pack fetched once and sliced.
  Index.prototype.range = async function (pack, start, end) {
    var url = this.url('t/' + pack + '.bin');
    if (this.packCache.has(pack)) return (await this.packCache.get(pack)).slice(start, end);
    var r = await fetchBytes(url, { headers: { Range: 'bytes=' + start + '-' + (end - 1) } });
    if (r.status === 206) return r.body;
    this.packCache.set(pack, Promise.resolve(r.body));
    return r.body.slice(start, end);
  };

  Index.prototype.doc = function (id) {
    var self = this;
    if (!this.docCache.has(id)) {
      var pack = this.packOf(id), k = id - this.m.packs[pack];
      var pr = this.memberStarts(pack).then(function (starts) {
        return self.range(pack, starts[k], starts[k + 1]);
      }).then(gunzip).then(async function (u8) {
        var rec = JSON.parse(new TextDecoder().decode(u8));
        rec.id = id;
        // The body is read from the report's page, which holds it (build_archive/pagetext.py);
        // the index is data, never a way off the site: another origin's page is not fetched.
        var site = new URL('../', self.root), page = new URL(rec.u, site);
        rec.b = page.origin === site.origin ? stripReadings(pageBody(await fetchPage(page.href))) : '';
        rec.text = [rec.t].concat(rec.h || [], [rec.b]).join('\n');
        rec.norm = normalize(rec.text);
        return rec;
      });
      pr.catch(function () { self.docCache.delete(id); });
      this.docCache.set(id, pr);
    }
    return this.docCache.get(id);
  };

  async function mapLimit(items, limit, fn) {
    var out = new Array(items.length), next = 0;
    async function worker() {
      while (next < items.length) { var i = next++; out[i] = await fn(items[i]); }
    }
    var ws = [];
    for (var k = 0; k < Math.min(limit, items.length); k++) ws.push(worker());
    await Promise.all(ws);
    return out;
  }

  /* ---------------------------------------------------------------- candidates and ranking */

  // Per term: docs having all its keys, scored from the weakest key (count class and field flags
  // that every key has: an upper bound on the term's own occurrences, all ranking can know before
  // the text is fetched). Typed arrays: at 30,000 docs a common term has ~28,000 candidates.
  function termCandidates(posts) {
    posts = posts.slice().sort(function (x, y) { return x.ids.length - y.ids.length; });
    var ids = posts[0].ids, sc = Uint8Array.from(posts[0].scores);
    for (var k = 1; k < posts.length; k++) {
      var a = posts[k].ids, as = posts[k].scores, n = 0, i = 0, j = 0;
      var nid = new Int32Array(ids.length), nsc = new Uint8Array(ids.length);
      while (i < ids.length && j < a.length) {
        if (ids[i] === a[j]) {
          nid[n] = ids[i];
          nsc[n++] = Math.min(sc[i] & 7, as[j] & 7) | (sc[i] & as[j] & 0xC0);
          i++; j++;
        } else if (ids[i] < a[j]) i++; else j++;
      }
      ids = nid.subarray(0, n); sc = nsc.subarray(0, n);
    }
    var score = new Float64Array(ids.length);
    for (var m = 0; m < ids.length; m++) score[m] = termScore(sc[m]);
    return { ids: ids, score: score };
  }

  function termScore(s) {
    return (s & 0x80 ? 8 : 0) + (s & 0x40 ? 3 : 0) + (s & 7);
  }

  // Docs having every term; score indexed by doc id.
  async function findCandidates(index, terms) {
    await index.ready;
    var per = await Promise.all(terms.map(async function (t) {
      var posts = await Promise.all(t.keys.map(function (k) { return index.postings(k); }));
      return termCandidates(posts);
    }));
    per.sort(function (x, y) { return x.ids.length - y.ids.length; });
    var n = index.m.docs, score = new Float64Array(n), hits = new Uint16Array(n);
    per.forEach(function (t, k) {
      for (var i = 0; i < t.ids.length; i++) {
        var id = t.ids[i];
        if (hits[id] === k) { hits[id] = k + 1; score[id] += t.score[i]; }
      }
    });
    var ids = per[0].ids.filter(function (id) { return hits[id] === per.length; });
    return { ids: ids, score: score };
  }

  // Filter values as column codes: province index + 1, year, theme index, county index + 1, doc
  // type index + 1; 0 (or -2 for themes) means no filter, -1 matches nothing.
  function filterCodes(index, f) {
    function code(list, v) { return v ? list.indexOf(v) + 1 || -1 : 0; }
    return {
      province: code(index.m.provinces, f.province),
      year: f.year ? Number(f.year) || -1 : 0,
      theme: f.theme ? index.m.themes.indexOf(f.theme) : -2,
      county: code(index.counties, f.county),
      type: code(index.docTypes, f.type)
    };
  }

  function passes(index, id, c, skip) {
    if (skip !== 'province' && c.province && (!index.prov || index.prov[id] !== c.province)) return false;
    if (skip !== 'year' && c.year && index.years[id] !== c.year) return false;
    if (skip !== 'theme' && c.theme !== -2 && (!index.themes || index.themes[id].indexOf(c.theme) < 0)) return false;
    if (skip !== 'county' && c.county && (!index.county || index.county[id] !== c.county)) return false;
    if (skip !== 'type' && c.type && (!index.kind || index.kind[id] !== c.type)) return false;
    return true;
  }

  // Counts per facet value over the results that pass the *other* filters, so every count says
  // how many results choosing that value would give.
  function facetCounts(index, ids, f) {
    var c = filterCodes(index, f);
    var prov = new Int32Array(index.m.provinces.length + 1), years = new Map();
    var themes = new Int32Array(index.m.themes.length);
    var county = new Int32Array(index.counties.length + 1), kind = new Int32Array(index.docTypes.length + 1);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      if (index.prov && passes(index, id, c, 'province')) prov[index.prov[id]]++;
      if (index.years[id] && passes(index, id, c, 'year')) years.set(index.years[id], (years.get(index.years[id]) || 0) + 1);
      if (index.themes && passes(index, id, c, 'theme')) {
        var t = index.themes[id];
        for (var k = 0; k < t.length; k++) themes[t[k]]++;
      }
      if (index.county && passes(index, id, c, 'county')) county[index.county[id]]++;
      if (index.kind && passes(index, id, c, 'type')) kind[index.kind[id]]++;
    }
    var out = { province: new Map(), year: new Map(), theme: new Map(), county: new Map(), type: new Map() };
    index.m.provinces.forEach(function (p, k) { if (prov[k + 1]) out.province.set(p, prov[k + 1]); });
    years.forEach(function (v, y) { out.year.set(String(y), v); });
    if (index.themes) index.m.themes.forEach(function (t, k) { if (themes[k]) out.theme.set(t, themes[k]); });
    index.counties.forEach(function (p, k) { if (county[k + 1]) out.county.set(p, county[k + 1]); });
    index.docTypes.forEach(function (p, k) { if (kind[k + 1]) out.type.set(p, kind[k + 1]); });
    return out;
  }

  /* ---------------------------------------------------------------- verification and snippets */

  function occurrences(hay, needle, cap) {
    var out = [], i = hay.indexOf(needle);
    while (i >= 0 && out.length < cap) { out.push(i); i = hay.indexOf(needle, i + 1); }
    return out;
  }

  // Exact check on the document text plus the signals ranking wants: where each term occurs,
  // whether in the title or a heading, how often, and the tightest window holding all terms.
  function inspect(rec, terms) {
    var titleEnd = rec.t.length;
    var headEnd = titleEnd + 1 + (rec.h || []).join('\n').length;
    var occ = [];
    for (var k = 0; k < terms.length; k++) {
      var o = occurrences(rec.norm, terms[k].text, 200);
      if (!o.length) return null;
      occ.push(o);
    }
    var score = 0;
    occ.forEach(function (o) {
      var inTitle = o[0] < titleEnd;
      var inHead = o.some(function (p) { return p > titleEnd && p < headEnd; });
      score += (inTitle ? 8 : 0) + (inHead ? 3 : 0) + Math.log2(1 + o.length);
    });
    var best = { span: Infinity, at: occ[0][0] }, bestBody = { span: Infinity, at: -1 };
    if (terms.length > 1) {
      occ[0].forEach(function (p) {
        var lo = p, hi = p + terms[0].text.length;
        for (var k = 1; k < occ.length; k++) {
          var q = nearest(occ[k], p);
          lo = Math.min(lo, q); hi = Math.max(hi, q + terms[k].text.length);
        }
        if (hi - lo < best.span) best = { span: hi - lo, at: lo };
        if (lo >= headEnd && hi - lo < bestBody.span) bestBody = { span: hi - lo, at: lo };
      });
      score += 4 / (1 + best.span / 20);
      // The snippet shows a body sentence where the terms are near each other there too.
      if (bestBody.at >= 0 && bestBody.span < 200) best.at = bestBody.at;
    } else {
      // Prefer a body occurrence for the snippet: the title is shown anyway.
      var body = occ[0].filter(function (p) { return p >= headEnd; });
      best.at = body.length ? body[0] : occ[0][0];
    }
    return { score: score, at: best.at };
  }

  function nearest(sorted, p) {
    var best = sorted[0];
    sorted.forEach(function (q) { if (Math.abs(q - p) < Math.abs(best - p)) best = q; });
    return best;
  }

  var STOP = /[。！？；!?;]/;

  // The sentence holding text[at..at+len] (within its line), cut to a window around the match
  // when it is long; [start, end].
  function sentenceAround(text, at, len) {
    var start = at, end = at + len;
    while (start > 0 && text[start - 1] !== '\n' && !STOP.test(text[start - 1])) start--;
    while (end < text.length && text[end] !== '\n' && !STOP.test(text[end - 1] || '')) end++;
    while (start < at && /\s/.test(text[start])) start++;
    if (end - start > 160) {
      start = Math.max(start, at - 50);
      end = Math.min(end, Math.max(at + len, start + 150));
    }
    return [start, end];
  }

  // Several terms: the body sentence holding the most of them (the first such), else `span`.
  function sentenceWithMostTerms(rec, terms, span) {
    function count(sp) {
      var piece = rec.norm.slice(sp[0], sp[1]);
      return terms.filter(function (t) { return piece.indexOf(t.text) >= 0; }).length;
    }
    var best = span, bestN = count(span), headEnd = rec.t.length + 1 + (rec.h || []).join('\n').length;
    for (var k = 0; k < terms.length && bestN < terms.length; k++) {
      var occ = occurrences(rec.norm, terms[k].text, 50);
      for (var i = 0; i < occ.length && bestN < terms.length; i++) {
        if (occ[i] < headEnd) continue;
        var sp = sentenceAround(rec.text, occ[i], terms[k].text.length), n = count(sp);
        if (n > bestN) { best = sp; bestN = n; }
      }
    }
    return best;
  }

  // The sentence with the match, every term occurrence in it wrapped in <mark>; DOM nodes only.
  function snippetNode(rec, terms, at) {
    var len = terms.reduce(function (n, t) { return rec.norm.startsWith(t.text, at) ? Math.max(n, t.text.length) : n; }, 1);
    var span = sentenceAround(rec.text, at, len);
    if (terms.length > 1) span = sentenceWithMostTerms(rec, terms, span);
    var start = span[0], end = span[1];
    var ranges = [];
    terms.forEach(function (t) {
      occurrences(rec.norm.slice(start, end), t.text, 50).forEach(function (p) {
        ranges.push([p, p + t.text.length]);
      });
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    var text = rec.text.slice(start, end).replace(/\s/g, ' ');  // 1:1, offsets stay valid
    var p = document.createElement('p');
    p.className = 'as-snippet';
    var cur = 0;
    var cut = start > 0 && rec.text[start - 1] !== '\n' && !STOP.test(rec.text[start - 1]);
    if (cut) p.appendChild(document.createTextNode('…'));
    merged.forEach(function (r) {
      p.appendChild(document.createTextNode(text.slice(cur, r[0])));
      var mk = document.createElement('mark');
      mk.textContent = text.slice(r[0], r[1]);
      p.appendChild(mk);
      cur = r[1];
    });
    p.appendChild(document.createTextNode(text.slice(cur)));
    if (end < rec.text.length && rec.text[end] !== '\n' && !STOP.test(rec.text[end - 1])) p.appendChild(document.createTextNode('…'));
    return p;
  }

  /* ---------------------------------------------------------------- a search session */

  // Candidates with a key-only match (terms longer than two characters) are checked against
  // their text. Up to this many are all checked straight after the first page, so the filter
  // counts, the total and the announced result list are exact; beyond it (a common phrase in a
  // national archive: each check costs a ~7 KB text) they are estimates, and say so.
  var VERIFY_ALL = 120;

  var SORTS = [['', '相关度'], ['new', '年份：新→旧'], ['old', '年份：旧→新'], ['region', '地区']];

  // One query + filters + sort: ranked candidates from the index, verified lazily page by page.
  function Session(index, terms, filters, pageSize, sort) {
    this.index = index; this.terms = terms; this.filters = filters; this.pageSize = pageSize || PAGE_SIZE;
    this.sort = sort || '';
    this.results = []; this.cursor = 0; this.checked = 0; this.hits = 0;
    this.verified = new Map();  // doc id -> {rec, info} when it contains the query, null when not
  }

  Session.prototype.start = async function () {
    var index = this.index, f = this.filters, ids, score;
    var anyFilter = f.theme || f.province || f.county || f.type;
    if (anyFilter || this.sort === 'region') await index.loadFacets();
    if (this.terms.length) {
      var c = await findCandidates(index, this.terms);
      ids = c.ids; score = c.score;
    } else {
      await index.ready;
      ids = new Int32Array(index.m.docs);
      for (var i = 0; i < ids.length; i++) ids[i] = i;
      score = new Float64Array(index.m.docs);
    }
    this.candidates = ids;
    this.needsCheck = this.terms.some(function (t) { return !t.exact; });
    var years = index.years, cmp;
    if (this.sort === 'new' || this.sort === 'old') {
      var dir = this.sort === 'new' ? 1 : -1;
      // Reports without a year last either way.
      cmp = function (a, b) { return ((years[b] || (dir > 0 ? 0 : 1e9)) - (years[a] || (dir > 0 ? 0 : 1e9))) * dir || (score[b] - score[a]) || (a - b); };
    } else if (this.sort === 'region') {
      var names = index.m.provinces, counties = index.counties;
      var place = function (id) {
        return [index.prov[id] ? names[index.prov[id] - 1] : '\uffff', index.county[id] ? counties[index.county[id] - 1] : '\uffff'];
      };
      cmp = function (a, b) {
        var pa = place(a), pb = place(b);
        return pa[0].localeCompare(pb[0], 'zh') || pa[1].localeCompare(pb[1], 'zh') || (years[b] - years[a]) || (a - b);
      };
    } else {
      cmp = function (a, b) { return (score[b] - score[a]) || (years[b] - years[a]) || (a - b); };
    }
    var codes = filterCodes(index, f);
    this.codes = codes;
    this.ranked = ids.filter(function (id) { return passes(index, id, codes); }).sort(cmp);
  };

  Session.prototype.check = async function (ids) {
    var self = this, todo = ids.filter(function (id) { return !self.verified.has(id); });
    var recs = await mapLimit(todo, FETCH_CONCURRENCY, function (id) { return self.index.doc(id); });
    recs.forEach(function (rec) {
      var info = self.terms.length ? inspect(rec, self.terms) : { score: 0, at: 0 };
      self.verified.set(rec.id, info ? { rec: rec, info: info } : null);
    });
    return ids.map(function (id) { return self.verified.get(id); });
  };

  Session.prototype.more = async function () {
    var want = this.results.length + this.pageSize, page = [];
    while (this.results.length + page.length < want && this.cursor < this.ranked.length) {
      var need = want - this.results.length - page.length;
      var batch = Array.from(this.ranked.subarray(this.cursor, this.cursor + need));
      this.cursor += batch.length;
      var got = await this.check(batch);
      this.checked += got.length;
      got.forEach(function (r) { if (r) page.push(r); });  // null: a bigram false positive
      this.hits += got.filter(Boolean).length;
    }
    if (this.terms.length && !this.sort) page.sort(function (a, b) { return b.info.score - a.info.score; });
    this.results = this.results.concat(page);
    return page;
  };

  // Checks every candidate (not only the filtered ones) when there are few enough, so the exact
  // result set is known and every result's record is at hand for the page's other scripts.
  Session.prototype.checkAll = async function () {
    if (this.candidates.length > VERIFY_ALL) return !this.needsCheck;
    await this.check(Array.from(this.candidates));
    return true;
  };

  // The exact, unfiltered result ids, or null while some candidate is unchecked.
  Session.prototype.exactIds = function () {
    if (!this.needsCheck) return this.candidates;
    var v = this.verified;
    if (!Array.prototype.every.call(this.candidates, function (id) { return v.has(id); })) return null;
    return this.candidates.filter(function (id) { return v.get(id); });
  };

  Session.prototype.done = function () { return this.cursor >= this.ranked.length; };

  // The number of filtered results: exact once every candidate is checked (or none needs
  // checking); before that, the candidate count scaled by the share of checked candidates that
  // really contained the query.
  Session.prototype.total = function () {
    var exact = this.exactIds(), index = this.index, codes = this.codes;
    if (exact) return { n: exact.filter(function (id) { return passes(index, id, codes); }).length, exact: true };
    if (this.done()) return { n: this.results.length, exact: true };
    var rest = this.ranked.length - this.cursor;
    return { n: this.results.length + Math.round(this.checked ? rest * this.hits / this.checked : rest), exact: false };
  };

  // Unfiltered total, for "the filter hides N results".
  Session.prototype.unfilteredTotal = function () {
    var exact = this.exactIds();
    if (exact) return { n: exact.length, exact: true };
    return { n: Math.round(this.candidates.length * (this.checked ? this.hits / this.checked : 1)), exact: false };
  };

  /* ---------------------------------------------------------------- UI helpers */

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    if (text != null) e.textContent = text;
    return e;
  }

  function readConfig() {
    var node = document.getElementById('__config');
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  var SCRIPT_SRC = document.currentScript && document.currentScript.src;

  // Site root as an absolute URL ending in '/': Material's __config base is relative to the page;
  // without it, this script lives at <root>/assets/javascripts/.
  function siteRoot() {
    var cfg = readConfig();
    if (cfg && typeof cfg.base === 'string') return new URL(cfg.base.replace(/\/?$/, '/'), location.href);
    if (SCRIPT_SRC) return new URL('../../', SCRIPT_SRC);
    return new URL('/', location.href);
  }

  function safeHref(path, root, query) {
    var u = new URL(path, root);
    if (u.origin !== root.origin) return null;  // the index is data, never a way off the site
    if (query) u.searchParams.set('h', query);
    return u.href;
  }

  /* ---------------------------------------------------------------- search page */

  // name (URL parameter), label, "all" option
  var FACETS = [['province', '省份', '全部省份'], ['county', '县（市、区）', '全部县市区'], ['year', '年份', '全部年份'],
    ['type', '文种', '全部文种'], ['theme', '主题', '全部主题']];
  var FACET_NAMES = FACETS.map(function (f) { return f[0]; });

  function countyName(v) { return v.slice(v.indexOf('/') + 1); }

  function anyFilter(f) { return FACET_NAMES.some(function (k) { return f[k]; }); }

  // The chosen filters in words, e.g. "湖南省 · 2024年".
  function describeFilters(f) {
    return FACET_NAMES.filter(function (k) { return f[k]; }).map(function (k) {
      return k === 'year' ? f[k] + '年' : k === 'county' ? countyName(f[k]) : f[k];
    }).join(' · ');
  }

  // A result as other scripts see it: plain data, untrusted text (never to be used as markup).
  function resultRecord(rec) {
    var m = /(?:^|\/)r\/([0-9a-f]+)\//.exec(rec.u || '');
    return {
      code: m ? m[1] : null, title: rec.t, county: rec.c || null, province: rec.p || null,
      year: rec.y || null, url: rec.u, doc_type: rec.k || null
    };
  }

  var controller = null;  // the mounted search page's public handle

  function mountSearch(host) {
    if (host.dataset.mounted) return;
    host.dataset.mounted = '1';
    host.textContent = '';
    var root = siteRoot();
    var index = new Index(new URL(host.dataset.index || 'search-index/', root));
    var params = new URLSearchParams(location.search);
    var pageSize = Number(host.dataset.pageSize) || PAGE_SIZE;  // results per page, e.g. data-page-size="20"
    var filters = {};
    FACET_NAMES.forEach(function (k) { filters[k] = params.get(k) || ''; });
    var sort = params.get('sort') || '';
    if (!SORTS.some(function (x) { return x[0] === sort; })) sort = '';

    var form = el('form', { class: 'as-form', role: 'search', action: '' });
    var label = el('label', { for: 'as-q', class: 'as-hidden' }, '检索报告全文');
    var input = el('input', {
      id: 'as-q', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false',
      enterkeyhint: 'search', placeholder: '输入关键词，多个词用空格分开',
      'aria-describedby': 'as-help', 'aria-controls': 'as-results'
    });
    input.value = params.get('q') || '';
    var button = el('button', { type: 'submit', class: 'as-button' }, '检索');
    form.append(label, input, button);
    var help = el('p', { id: 'as-help', class: 'as-help' },
      '查找含有全部关键词的报告，如：医共体建设、家庭医生 签约、2020年。繁体字与简体字通查。');
    var facetBox = el('div', { class: 'as-filters', role: 'group', 'aria-label': '筛选' });
    var selects = {};
    FACETS.forEach(function (f) {
      var lab = el('label', { class: 'as-filter' });
      lab.append(el('span', null, f[1]));
      var sel = el('select', { name: f[0] });
      selects[f[0]] = sel;
      lab.append(sel);
      facetBox.append(lab);
      sel.addEventListener('change', function () {
        filters[f[0]] = sel.value;
        // A county belongs to one province: choosing another province drops it.
        if (f[0] === 'province' && filters.county && filters.county.indexOf(sel.value + '/') !== 0) filters.county = '';
        run();
      });
      if (f[0] !== 'year') {
        sel.addEventListener('focus', wantFacets);
        sel.addEventListener('pointerdown', wantFacets);
      }
    });
    var sortLab = el('label', { class: 'as-filter as-sort' });
    sortLab.append(el('span', null, '排序'));
    var sortSel = el('select', { name: 'sort' });
    SORTS.forEach(function (x) {
      var o = el('option', { value: x[0] }, x[1]);
      if (x[0] === sort) o.selected = true;
      sortSel.append(o);
    });
    sortLab.append(sortSel);
    sortSel.addEventListener('change', function () { sort = sortSel.value; run(); });
    var clear = el('button', { type: 'button', class: 'as-clear' }, '清除筛选');
    facetBox.append(sortLab, clear);
    var status = el('p', { class: 'as-status', role: 'status', 'aria-live': 'polite' });
    var empty = el('p', { class: 'as-empty', hidden: '' });
    var emptyText = el('span');
    var emptyClear = el('button', { type: 'button', class: 'as-clear' }, '清除筛选');
    empty.append(emptyText, emptyClear);
    var list = el('ol', { id: 'as-results', class: 'as-results' });
    var moreBtn = el('button', { type: 'button', class: 'as-more', hidden: '' }, '显示更多结果');
    host.append(form, help, facetBox, status, empty, list, moreBtn);

    var generation = 0, session = null, composing = false, lastRun = null, allDocs = null;

    // Counts over the exact results when known, else over the candidates (marked 约).
    function refreshFacets() {
      if (session) {
        var exact = session.exactIds();
        fillFacets(facetCounts(index, exact || session.candidates, session.filters), !exact);
      } else if (allDocs) fillFacets(facetCounts(index, allDocs, filters), false);
    }

    // Provinces, counties, doc types and theme sets are fetched after results, or when someone
    // reaches for a filter.
    function wantFacets() {
      if (index.prov) return;
      var gen = generation;
      index.loadFacets().then(function () {
        if (gen === generation) refreshFacets();
      }, function () { /* those filters stay without counts */ });
    }

    function updateUrl(q) {
      var p = new URLSearchParams();
      if (q) p.set('q', q);
      FACET_NAMES.forEach(function (k) { if (filters[k]) p.set(k, filters[k]); });
      if (sort) p.set('sort', sort);
      var s = p.toString();
      history.replaceState(history.state, '', location.pathname + (s ? '?' + s : '') + location.hash);
    }

    function fillFacets(counts, approx) {
      FACETS.forEach(function (f) {
        var sel = selects[f[0]], m = counts ? counts[f[0]] : new Map();
        var values = Array.from(m.keys());
        if (f[0] === 'county' && filters.province) {
          values = values.filter(function (v) { return v.indexOf(filters.province + '/') === 0; });
        }
        if (filters[f[0]] && values.indexOf(filters[f[0]]) < 0) values.push(filters[f[0]]);
        var names = {};
        if (f[0] === 'county') values.forEach(function (v) { var n = countyName(v); names[n] = (names[n] || 0) + 1; });
        values.sort(f[0] === 'year' ? function (a, b) { return b - a; } : function (a, b) { return a.localeCompare(b, 'zh'); });
        sel.textContent = '';
        sel.append(el('option', { value: '' }, f[2]));
        values.forEach(function (v) {
          var shown = v;
          if (f[0] === 'county') {
            var n = countyName(v);
            shown = names[n] > 1 && v.indexOf('/') > 0 ? n + '（' + v.slice(0, v.indexOf('/')) + '）' : n;
          }
          var o = el('option', { value: v }, shown + '（' + (approx && m.get(v) ? '约' : '') + (m.get(v) || 0) + '）');
          if (v === filters[f[0]]) o.selected = true;
          sel.append(o);
        });
        // Nothing to choose from: keep the filter out of the way (the county list stays short
        // once a province is chosen).
        sel.parentNode.hidden = values.length === 0 && f[0] !== 'year' && f[0] !== 'province';
      });
      clear.hidden = !anyFilter(filters);
    }

    function renderStatus(s) {
      var query = s.terms.map(function (t) { return t.text; }).join(' ');
      var t = s.total();
      empty.hidden = true;
      if (!s.results.length) {
        var u = s.unfilteredTotal();
        if (anyFilter(s.filters) && u.n > 0) {
          status.textContent = '';
          emptyText.textContent = '所选筛选条件（' + describeFilters(s.filters) + '）下没有' +
            (s.terms.length ? '含有“' + query + '”的' : '') + '报告；不加筛选' + (u.exact ? '' : '约') +
            '有 ' + u.n + ' 篇。';
          empty.hidden = false;
        } else if (s.terms.length) {
          status.textContent = '没有找到含有“' + query + '”的报告' + (anyFilter(s.filters) ? '（即使不加筛选）' : '') + '。';
        } else {
          status.textContent = '没有符合筛选条件的报告。';
        }
      } else {
        status.textContent = (t.exact ? '共 ' : '约 ') + t.n + ' 篇报告' +
          (s.results.length < t.n ? '，已显示 ' + s.results.length + ' 篇' : '') + '。';
      }
      moreBtn.hidden = s.done();
    }

    function renderResults(s, page, gen) {
      if (gen !== generation) return;
      var query = s.terms.map(function (t) { return t.text; }).join(' ');
      page.forEach(function (r) {
        var rec = r.rec;
        var li = el('li', { class: 'as-result' });
        var href = safeHref(rec.u, root, query);
        var h = el('h3', { class: 'as-title' });
        var a = el(href ? 'a' : 'span', href ? { href: href } : null, rec.t);
        h.append(a);
        li.append(h);
        var meta = [rec.c, rec.p, rec.y ? rec.y + '年' : null, rec.k].filter(Boolean).join(' · ');
        if (meta) li.append(el('p', { class: 'as-meta' }, meta));
        if (s.terms.length) li.append(snippetNode(rec, s.terms, r.info.at));
        list.append(li);
      });
      renderStatus(s);
      host.dataset.doneAt = String(performance.timeOrigin + performance.now());  // for bench/
      host.dataset.state = 'done';
    }

    // Other scripts on the page (charts, concordance, export) follow each completed search:
    // results is the exact unfiltered result list (complete: false when it holds only the
    // results checked so far, see VERIFY_ALL), filtered the part that passes the filters, counts
    // the results per year and province (exact: false when they are estimates).
    function announce(s) {
      var exact = s.exactIds(), ids = exact || s.candidates, index = s.index, codes = s.codes;
      var results = [], complete = !!exact;
      Array.prototype.forEach.call(ids, function (id) {
        var v = s.verified.get(id);
        if (v) results.push(v); else if (!s.verified.has(id)) complete = false;
      });
      var order = new Map();
      Array.prototype.forEach.call(s.ranked, function (id, i) { order.set(id, i); });
      results.sort(function (a, b) {
        return (order.has(a.rec.id) ? order.get(a.rec.id) : 1e9) - (order.has(b.rec.id) ? order.get(b.rec.id) : 1e9) || a.rec.id - b.rec.id;
      });
      var year = {}, province = {};
      Array.prototype.forEach.call(ids, function (id) {
        if (index.years[id]) year[index.years[id]] = (year[index.years[id]] || 0) + 1;
        if (index.prov && index.prov[id]) { var p = index.m.provinces[index.prov[id] - 1]; province[p] = (province[p] || 0) + 1; }
      });
      document.dispatchEvent(new CustomEvent('archive:results', {
        detail: {
          query: s.terms.map(function (t) { return t.text; }).join(' '),
          results: results.map(function (r) { return resultRecord(r.rec); }),
          filtered: results.filter(function (r) { return passes(index, r.rec.id, codes); })
            .map(function (r) { return resultRecord(r.rec); }),
          filters: Object.assign({}, s.filters), sort: s.sort, complete: complete,
          total: s.unfilteredTotal().n, counts: { year: year, province: province, exact: !!exact }
        }
      }));
    }

    controller = {
      // The index and the current search, for the research views (archive-research.js): they
      // count results by year and province from columns already loaded, and read the texts the
      // search has already fetched, so they cost no extra index bytes.
      current: function () { return session ? { index: index, session: session, root: root } : null; },
      setFilter: function (name, value) {
        if (FACET_NAMES.indexOf(name) < 0) throw new Error('unknown filter ' + name + ' (one of ' + FACET_NAMES.join(', ') + ')');
        filters[name] = value == null ? '' : String(value);
        run();
      },
      filters: function () { return Object.assign({}, filters); }
    };

    async function run(force) {
      var q = input.value.trim();
      var key = [q, sort].concat(FACET_NAMES.map(function (k) { return filters[k]; })).join('\u0000');
      if (!force && key === lastRun) return;
      lastRun = key;
      var gen = ++generation;
      updateUrl(q);
      host.dataset.state = 'busy';
      delete host.dataset.settled;
      try { await index.ready; } catch (e) { host.dataset.state = 'error'; return; }  // the fold table first
      if (gen !== generation) return;
      var terms = parseQuery(q);
      if (!terms.length && !anyFilter(filters)) {
        list.textContent = ''; status.textContent = q ? '请输入汉字、字母或数字。' : '';
        empty.hidden = true; moreBtn.hidden = true; session = null;
        // With no query the filters browse the whole archive, so they show counts over all docs.
        var all = new Int32Array(index.m.docs);
        for (var i = 0; i < all.length; i++) all[i] = i;
        allDocs = all;
        refreshFacets();
        host.dataset.state = 'done';
        host.dataset.settled = '1';
        wantFacets();
        return;
      }
      try {
        var s = new Session(index, terms, Object.assign({}, filters), pageSize, sort);
        await s.start();
        if (gen !== generation) return;
        var page = await s.more();
        if (gen !== generation) return;
        session = s;
        list.textContent = '';
        refreshFacets();
        renderResults(s, page, gen);
        // Then make the counts exact and tell the page's other scripts.
        await Promise.all([s.checkAll(), index.loadFacets().catch(function () {})]);
        if (gen !== generation) return;
        refreshFacets();
        renderStatus(s);
        announce(s);
        host.dataset.settled = '1';
      } catch (e) {
        if (gen !== generation) return;
        list.textContent = '';
        status.textContent = '检索出错，请稍后重试（' + e.message + '）。';
        host.dataset.state = 'error';
      }
    }

    async function showMore() {
      if (!session) return;
      var gen = generation, s = session, before = list.children.length;
      moreBtn.disabled = true;
      host.dataset.state = 'busy';
      try {
        var page = await s.more();
        renderResults(s, page, gen);
        var first = list.children[before];
        if (first && first.querySelector('a')) first.querySelector('a').focus();
      } catch (e) {
        status.textContent = '加载更多结果时出错，请重试（' + e.message + '）。';
        host.dataset.state = 'error';
      } finally { moreBtn.disabled = false; }
    }

    function clearFilters() {
      FACET_NAMES.forEach(function (k) { filters[k] = ''; });
      run(); input.focus();
    }

    // Input methods send compositionstart/compositionend around the candidate text and may never
    // send keyup, so search follows input and compositionend, skipping the in-between pinyin.
    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () { composing = false; run(); });
    input.addEventListener('input', function (e) { if (!composing && !e.isComposing) run(); });
    input.addEventListener('keyup', function (e) { if (!composing && !e.isComposing) run(); });
    form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    clear.addEventListener('click', clearFilters);
    emptyClear.addEventListener('click', clearFilters);
    moreBtn.addEventListener('click', showMore);
    // Arrow keys move between the box and the result links.
    host.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var links = Array.from(list.querySelectorAll('a'));
      var i = links.indexOf(document.activeElement);
      if (document.activeElement === input && e.key === 'ArrowDown' && links.length) { links[0].focus(); e.preventDefault(); }
      else if (i >= 0) {
        var next = e.key === 'ArrowDown' ? links[i + 1] : (links[i - 1] || input);
        if (next) { next.focus(); e.preventDefault(); }
      }
    });

    fillFacets(null);
    run(true);
    index.ready.catch(function (e) { status.textContent = '检索索引加载失败（' + e.message + '）。'; });
  }

  /* ---------------------------------------------------------------- highlight on report pages */

  // Marks every occurrence of the ?h= query on a report page, jumps to the first one in the
  // report's text and offers 上一处/下一处 with a count. Hidden parts of the page (the tag list
  // Material keeps for its tags plugin, heading permalinks) are neither marked nor counted.
  async function highlightPage() {
    var q = new URLSearchParams(location.search).get('h');
    if (!q) return;
    var scope = document.querySelector('.md-content article') || document.querySelector('article') ||
      document.querySelector('main');
    if (!scope || scope.dataset.asHighlighted) return;
    scope.dataset.asHighlighted = '1';
    await loadFold(new URL('search-index/', siteRoot()));
    var terms = parseQuery(q).map(function (t) { return t.text; });
    if (!terms.length) return;
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (n.nodeType === 1) {
          return /^(SCRIPT|STYLE|MARK|TEXTAREA|INPUT|PRE)$/.test(n.nodeName) || n.hidden ||
            n.classList.contains('headerlink') || n.classList.contains('para-link') || n.classList.contains('md-tags') || n.classList.contains('archive-cite')
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var plain = readingMap(node.nodeValue), norm = normalize(plain.text), ranges = [];
      terms.forEach(function (t) {
        occurrences(norm, t, 1000).forEach(function (p) { ranges.push([plain.at[p], plain.at[p + t.length - 1] + 1]); });
      });
      if (!ranges.length) return;
      ranges.sort(function (a, b) { return b[0] - a[0]; });  // from the end so offsets stay valid
      var floor = Infinity, made = [];
      ranges.forEach(function (r) {
        if (r[1] > floor) return;  // overlaps a later mark already made
        node.splitText(r[1]);
        var mid = node.splitText(r[0]);
        var mk = document.createElement('mark');
        mk.className = 'as-hit';
        mid.parentNode.replaceChild(mk, mid);
        mk.appendChild(mid);
        floor = r[0];
        made.unshift(mk);
      });
      marks = marks.concat(made);
    });
    marks = marks.filter(function (m) { return m.getClientRects().length > 0; });
    if (!marks.length) return;
    // The title and the metadata table are at the top already: start at the report's text.
    var start = marks.findIndex(function (m) { return !m.closest('h1, .report-meta'); });
    mountHitNav(marks, start < 0 ? 0 : start, terms.join(' '));
  }

  function mountHitNav(marks, start, query) {
    var cur = -1;
    var bar = el('div', { class: 'as-hitnav', role: 'navigation', 'aria-label': '检索词在本文中的位置' });
    var count = el('span', { class: 'as-hitnav-count', 'aria-live': 'polite' });
    var prev = el('button', { type: 'button', class: 'as-hitnav-prev' }, '上一处');
    var next = el('button', { type: 'button', class: 'as-hitnav-next' }, '下一处');
    var close = el('button', { type: 'button', class: 'as-hitnav-close', 'aria-label': '关闭检索词导航' }, '×');
    bar.append(el('span', { class: 'as-hitnav-query' }, '“' + query + '”'), count, prev, next, close);
    document.body.append(bar);
    document.body.classList.add('as-has-hitnav');
    function go(i) {
      if (cur >= 0) marks[cur].classList.remove('as-hit-current');
      cur = (i + marks.length) % marks.length;
      var m = marks[cur];
      m.classList.add('as-hit-current');
      m.scrollIntoView({ block: 'center' });
      count.textContent = '第 ' + (cur + 1) + ' 处，共 ' + marks.length + ' 处';
    }
    prev.addEventListener('click', function () { go(cur - 1); });
    next.addEventListener('click', function () { go(cur + 1); });
    close.addEventListener('click', function () {
      bar.remove();
      document.body.classList.remove('as-has-hitnav');
    });
    go(start);
  }

  /* ---------------------------------------------------------------- header search form */

  function mountHeaderForm() {
    var inner = document.querySelector('.md-header__inner');
    if (!inner || inner.querySelector('.as-header-form') || document.querySelector('.md-search')) return;
    var root = siteRoot();
    var form = el('form', { class: 'as-header-form', role: 'search', method: 'get', action: new URL('search/', root).href });
    var input = el('input', { type: 'search', name: 'q', placeholder: '检索', 'aria-label': '检索报告全文', enterkeyhint: 'search' });
    form.append(input);
    inner.append(form);
  }

  /* ---------------------------------------------------------------- paragraph anchors */

  // Report paragraphs carry ids p1, p2, ... (build_archive/render.py): a small 段 link after
  // each lets a reader copy the address of one passage (CHR-2ac8209b#p12).
  function paragraphLinks() {
    var ps = document.querySelectorAll('article p[id^="p"]');
    Array.prototype.forEach.call(ps, function (p) {
      if (!/^p\d+$/.test(p.id) || p.querySelector('.para-link')) return;
      var n = p.id.slice(1);
      var a = el('a', { class: 'para-link', href: '#' + p.id, title: '第 ' + n + ' 段的链接', 'aria-label': '第 ' + n + ' 段的链接' }, '§' + n);
      p.append(a);
    });
  }

  // Every heading with an id gets its permalink sign here, not in the page (mkdocs.yml's toc
  // writes none): the same markup the toc extension wrote (class headerlink, which the search
  // and the raw-capture page leave out of the text), 310 bytes of every report page and 10 MB at
  // 30,000 reports. The ids are in the page, so #s3 reaches its heading without the script.
  function headingLinks() {
    var hs = document.querySelectorAll('article h1[id], article h2[id], article h3[id], article h4[id], article h5[id], article h6[id]');
    Array.prototype.forEach.call(hs, function (h) {
      if (h.querySelector('.headerlink')) return;
      h.append(el('a', { class: 'headerlink', href: '#' + h.id, title: '本节链接' }, '¶'));
    });
  }

  // Headings are anchored #s1, #s2, ... (render.py); before, their anchor was their text
  // (python-markdown's toc slug: 一、工作打算 -> #一工作打算). A link made then still finds its
  // heading: the first whose text, without punctuation and spaces, is the anchor's.
  function oldHeadingAnchor() {
    var want;
    try { want = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!want || document.getElementById(want)) return;
    var bare = function (t) { return t.replace(/¶/g, '').replace(/[^\p{L}\p{N}_]/gu, '').toLowerCase(); };
    want = bare(want);
    var hs = document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6');
    for (var i = 0; i < hs.length; i++) {
      if (want && bare(hs[i].textContent) === want) { hs[i].scrollIntoView(); return; }
    }
  }

  function mountAll() {
    var host = document.getElementById('archive-search');
    headingLinks();
    if (host) mountSearch(host);
    else {
      paragraphLinks(); highlightPage(); oldHeadingAnchor();
      window.addEventListener('hashchange', oldHeadingAnchor);
    }
    mountHeaderForm();
  }

  // Exposed for tests and tools; the page works without it.
  // pageBody and fetchPage are also the raw-capture page's way to a report's text (archive-source.js).
  window.archiveSearch = {
    normalize: normalize, keyHash: keyHash, parseQuery: parseQuery, termKeys: termKeys,
    termCandidates: termCandidates, Index: Index, pageBody: pageBody, fetchPage: fetchPage,
    stripReadings: stripReadings, readingMap: readingMap,
    // Set a search-page filter (province, year, theme, ...) and search again, e.g. from a chart.
    setFilter: function (name, value) {
      if (!controller) throw new Error('no search on this page');
      controller.setFilter(name, value);
    },
    current: function () { return controller ? controller.current() : null; },
    occurrences: occurrences, passes: passes, filterCodes: filterCodes
  };

  // Material's instant navigation swaps pages without reloading scripts and announces each page
  // on document$.
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
})();
