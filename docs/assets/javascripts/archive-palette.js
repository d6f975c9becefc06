/* The colour scheme on the numerous pages, whose lean frame (overrides/lean-base.html) has no
   toggle and no Material script: the one the reader chose with the toggle on the site's other
   pages, else the one their device prefers, as Material's own pages choose.
   Material keeps the choice in localStorage under the site root's path + ".__palette"
   (partials/javascripts/base.html, __md_get); this file sits two folders below the root, so
   the root is "../.." from it. PALETTES is mkdocs.yml's theme.palette (tests/publish/test_site.py
   checks they agree). Loaded at the top of <body>, before anything is painted. */
(function () {
  var PALETTES = [
    { media: '(prefers-color-scheme: light)', scheme: 'default', primary: 'teal', accent: 'teal' },
    { media: '(prefers-color-scheme: dark)', scheme: 'slate', primary: 'teal', accent: 'teal' }
  ];
  function apply(color) {
    for (var key in color) document.body.setAttribute('data-md-color-' + key, color[key]);
  }
  try {
    var root = new URL('../..', document.currentScript.src).pathname;
    var palette = JSON.parse(localStorage.getItem(root + '.__palette'));
    if (palette && palette.color) { apply(palette.color); return; }
  } catch (e) { /* no storage (private mode, file://): the device's preference */ }
  for (var i = 0; i < PALETTES.length; i++) {
    var p = PALETTES[i];
    if (window.matchMedia && window.matchMedia(p.media).matches) {
      apply({ media: p.media, scheme: p.scheme, primary: p.primary, accent: p.accent });
      return;
    }
  }
})();
