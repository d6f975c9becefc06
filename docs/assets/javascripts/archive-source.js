/* The raw-capture viewer (docs/source.md?c=<code>): rebuilds a report's raw capture byte for
   byte from its pack (build_archive/rawpack.py), checks its SHA-256 in the browser, lists the
   lines cleaning removed, and offers the exact bytes as a download.

   A capture is stored as raw DEFLATE whose preset dictionary is the report's paragraphs as its
   page shows them (build_archive/pagetext.py; read with archive-search.js' pageBody): the page
   and one Range request, instead of a second copy of every report on the site. Everything from
   the capture is shown as text nodes, never as markup. */
(function () {
  'use strict';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  async function fetchRange(url, start, length) {
    var r = await fetch(url, { headers: { Range: 'bytes=' + start + '-' + (start + length - 1) } });
    if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + url);
    var body = new Uint8Array(await r.arrayBuffer());
    // A host that ignores Range sends the whole pack.
    return r.status === 206 ? body : body.slice(start, start + length);
  }

  function decoderFor(encoding, bytes) {
    if (encoding === 'utf-16') {
      return new TextDecoder(bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-16le');
    }
    return new TextDecoder(encoding === 'utf-8-sig' ? 'utf-8' : encoding);
  }

  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  async function load(host) {
    var status = host.querySelector('[data-source-status]');
    var root = new URL(host.getAttribute('data-root') || '../', location.href);
    var code = new URLSearchParams(location.search).get('c') || '';
    if (!/^[0-9a-f]{8,64}$/.test(code)) {
      status.textContent = '网址中缺少引用编号：请从报告页面的“来源与核验”进入本页。';
      return;
    }
    // The pack's index is gzipped JSON (rawpack.py), served as a file; a host that sends it
    // with Content-Encoding: gzip has had it inflated by the browser already.
    var packUrl = new URL('raw/' + code.slice(0, 2) + '.json.gz', root).href;
    var r = await fetch(packUrl);
    var entry = null;
    if (r.ok) {
      var bytes = new Uint8Array(await r.arrayBuffer());
      var text = bytes[0] === 0x1f && bytes[1] === 0x8b ? window.pako.inflate(bytes, { to: 'string' })
        : new TextDecoder('utf-8').decode(bytes);
      entry = JSON.parse(text).r[code] || null;
    }
    if (!entry) {
      status.textContent = '档案中没有引用编号为 CHR-' + code + ' 的报告。';
      return;
    }
    var offset = entry[1], length = entry[2], size = entry[3], sha = entry[4];
    var name = entry[5], encoding = entry[6], removed = entry[7];
    var member = await fetchRange(new URL('raw/' + code.slice(0, 2) + '.bin', root).href, offset, length);
    var page = await window.archiveSearch.fetchPage(new URL('r/' + code + '/', root).href);
    var dict = new TextEncoder().encode(window.archiveSearch.pageBody(page));
    var raw = window.pako.inflateRaw(member, dict.length ? { dictionary: dict } : {});
    var digest = window.crypto && window.crypto.subtle
      ? hex(await window.crypto.subtle.digest('SHA-256', raw)) : '';
    var ok = raw.length === size && digest === sha;

    status.textContent = '';
    var facts = el('dl', 'archive-source__facts');
    function fact(k, v, cls) { facts.appendChild(el('dt', '', k)); facts.appendChild(el('dd', cls || '', v)); }
    fact('报告', '');
    var back = el('a', '', 'CHR-' + code);
    back.href = new URL('r/' + code + '/', root).href;
    facts.lastChild.appendChild(back);
    fact('原始文件', name + '（' + raw.length + ' 字节，' + encoding + ' 编码）');
    fact('档案记录的 SHA-256', sha, 'archive-source__sha');
    fact('本浏览器计算的 SHA-256', digest || '（此浏览器无法计算）', 'archive-source__sha');
    fact('核验', ok ? '一致：与采集时逐字节相同' : (digest ? '不一致：请报告此问题' : '未能核验'),
         ok ? 'archive-source__ok' : 'archive-source__bad');
    host.appendChild(facts);
    host.setAttribute('data-source-verified', ok ? 'yes' : 'no');

    var download = el('a', 'md-button md-button--primary', '下载原始文件');
    download.href = URL.createObjectURL(new Blob([raw], { type: 'application/octet-stream' }));
    download.download = name;
    download.setAttribute('data-source-download', '');
    host.appendChild(el('p')).appendChild(download);

    var lines = decoderFor(encoding, raw).decode(raw).split(/\r\n|\r|\n/);
    var gone = new Map(removed.map(function (x) { return [x[0], x[1]]; }));
    host.appendChild(el('h2', '', '清洗时删除的行（共 ' + removed.length + ' 行）'));
    if (removed.length) {
      var table = el('table', 'archive-source__removed');
      var head = table.appendChild(el('thead')).appendChild(el('tr'));
      ['行号', '规则', '原文'].forEach(function (t) { head.appendChild(el('th', '', t)); });
      var tbody = table.appendChild(el('tbody'));
      removed.forEach(function (x) {
        var tr = tbody.appendChild(el('tr'));
        tr.appendChild(el('td', '', String(x[0])));
        tr.appendChild(el('td', '', x[1]));
        tr.appendChild(el('td', '', lines[x[0] - 1] === undefined ? '' : lines[x[0] - 1]));
      });
      host.appendChild(table);
    } else {
      host.appendChild(el('p', '', '清洗时没有删除任何行。'));
    }
    host.appendChild(el('h2', '', '原始文件全文'));
    host.appendChild(el('p', 'archive-source__hint', '删除的行以删除线标出；行首数字是行号。'));
    var pre = el('pre', 'archive-source__text');
    pre.setAttribute('data-source-text', '');
    lines.forEach(function (line, i) {
      var row = el('span', gone.has(i + 1) ? 'archive-source__line archive-source__line--removed' : 'archive-source__line');
      row.appendChild(el('span', 'archive-source__no', String(i + 1)));
      row.appendChild(document.createTextNode(line + '\n'));
      pre.appendChild(row);
    });
    host.appendChild(pre);
  }

  function mount() {
    var host = document.getElementById('archive-source');
    if (!host || host.getAttribute('data-mounted')) return;
    host.setAttribute('data-mounted', '1');
    load(host).catch(function (err) {
      var status = host.querySelector('[data-source-status]');
      status.textContent = '无法读取原始文件：' + err.message;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
