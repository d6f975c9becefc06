/* The colour scheme a reader chose with the toggle on the site's other pages, on the numerous
   pages whose lean frame (overrides/lean-base.html) has no toggle and no Material script.
   Material keeps the choice in localStorage under the site root's path + ".__palette"
   (partials/javascripts/base.html, __md_get); this file sits two folders below the root, so
   the root is "../.." from it. Loaded at the top of <body>, before anything is painted. */
(function () {
  try {
    var root = new URL("../..", document.currentScript.src).pathname;
    var palette = JSON.parse(localStorage.getItem(root + ".__palette"));
    if (palette && palette.color) {
      for (var key in palette.color) document.body.setAttribute("data-md-color-" + key, palette.color[key]);
    }
  } catch (e) { /* no storage (private mode, file://): the default scheme */ }
})();
