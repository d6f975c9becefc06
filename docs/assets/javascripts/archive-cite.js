/*
 * The "引用本报告" box (HTML from build_archive/cite.py: citation_box_html).
 *
 * - Fills each access-date placeholder [data-cite-date] with the reader's local date, YYYY-MM-DD:
 *   the access date of a citation is the reader's, and the page itself must stay byte-identical
 *   on rebuild, so it cannot carry a date.
 * - When the site was built without a site URL, fills [data-cite-self-url] with this page's own
 *   address (the report page is the URL being cited).
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

  function init(box) {
    if (box.hasAttribute('data-cite-ready')) return;
    box.setAttribute('data-cite-ready', '');
    var date = today();
    box.querySelectorAll('[data-cite-date]').forEach(function (el) { el.textContent = date; });
    var url = selfUrl();
    box.querySelectorAll('[data-cite-self-url]').forEach(function (el) { el.textContent = url; });
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
