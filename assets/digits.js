/* The restaurant's digit style in the Arabic dashboard (services/digits.py says why).
   Every figure is rendered with Western digits; when the page's root carries
   data-digits="arabic_indic", text nodes (tables, cards, charts) show Arabic-Indic digits instead.
   Converted nodes remember what React wrote, so switching to English or back to Western restores
   it exactly (a customer's own Arabic-Indic text is never rewritten). Inputs are left alone. */
(function () {
  var AR = "٠١٢٣٤٥٦٧٨٩";
  var SKIP = { SCRIPT: 1, STYLE: 1, TEXTAREA: 1, INPUT: 1, CODE: 1, PRE: 1 };
  var original = new WeakMap(); // text node -> the text React wrote
  var converted = new WeakMap(); // text node -> the text we wrote
  var touched = new Set();

  function wanted() {
    var root = document.querySelector("[data-digits]");
    return !!root && root.getAttribute("data-digits") === "arabic_indic";
  }
  function localize(text) {
    return text
      .replace(/\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/g, function (m, y, mo, d) { return y + "/" + mo + (d ? "/" + d : ""); })
      .replace(/(\d)%/g, "$1٪")
      .replace(/(\d)\.(?=\d)/g, "$1٫")
      .replace(/(\d),(?=\d)/g, "$1٬")
      .replace(/[0-9]/g, function (d) { return AR[+d]; });
  }
  function skipped(node) {
    for (var el = node.parentElement; el; el = el.parentElement) {
      if (SKIP[el.tagName] || el.hasAttribute("data-keep-digits") || el.isContentEditable) return true;
    }
    return false;
  }
  function convert(node) {
    var value = node.nodeValue;
    if (converted.get(node) === value) return;
    if (!/[0-9]/.test(value) || skipped(node)) return;
    var out = localize(value);
    original.set(node, value);
    converted.set(node, out);
    touched.add(node);
    node.nodeValue = out;
  }
  function restore() {
    touched.forEach(function (node) {
      if (node.nodeValue === converted.get(node)) node.nodeValue = original.get(node);
    });
    touched.clear();
  }
  function walk(root) {
    if (root.nodeType === 3) return convert(root);
    var it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = it.nextNode(); n; n = it.nextNode()) convert(n);
  }
  var active = false;
  function sync() {
    var now = wanted();
    if (now) walk(document.body);
    else if (active) restore();
    active = now;
  }
  function start() {
    new MutationObserver(function (records) {
      if (wanted() !== active) return sync();
      if (!active) return;
      records.forEach(function (r) {
        if (r.type === "characterData") convert(r.target);
        else r.addedNodes.forEach(walk);
      });
    }).observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["data-digits"],
    });
    sync();
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
