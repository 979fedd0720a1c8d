// Renders /api/v1/openapi.json as a readable page: operations by tag, parameters, bodies and
// examples (the schemas carry Arabic examples). No framework, nothing from the internet.
(function () {
  "use strict";
  var root = document.getElementById("doc");
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function resolve(spec, s) {
    var seen = 0;
    while (s && s.$ref && seen++ < 20) {
      s = s.$ref.replace(/^#\//, "").split("/").reduce(function (o, k) { return o[k]; }, spec);
    }
    return s || {};
  }
  function typeOf(spec, s) {
    s = resolve(spec, s);
    if (s.anyOf) return s.anyOf.map(function (x) { return typeOf(spec, x); }).join(" | ");
    if (s.enum) return s.enum.map(function (v) { return JSON.stringify(v); }).join(" | ");
    if (s.type === "array") return typeOf(spec, s.items) + "[]";
    return (s.type || s.title || "object") + (s.format ? " (" + s.format + ")" : "");
  }
  function example(spec, s, depth) {
    s = resolve(spec, s);
    if ((depth || 0) > 5) return null;
    if (s.examples && s.examples.length) return s.examples[0];
    if (s.example !== undefined) return s.example;
    if (s.anyOf) return example(spec, s.anyOf[0], depth + 1);
    if (s.enum) return s.enum[0];
    if (s.type === "array") { var i = example(spec, s.items, (depth || 0) + 1); return i === null ? [] : [i]; }
    if (s.type === "object" || s.properties) {
      var out = {};
      Object.keys(s.properties || {}).forEach(function (k) { out[k] = example(spec, s.properties[k], (depth || 0) + 1); });
      return out;
    }
    return { string: "…", integer: 0, number: 0, boolean: false }[s.type] === undefined ? null : { string: "…", integer: 0, number: 0, boolean: false }[s.type];
  }
  function schemaTable(spec, s) {
    s = resolve(spec, s);
    var rows = Object.keys(s.properties || {}).map(function (k) {
      var p = s.properties[k];
      return el("tr", {}, [el("td", {}, [el("code", {}, [k])]), el("td", {}, [typeOf(spec, p)]),
        el("td", {}, [(s.required || []).indexOf(k) >= 0 ? "required" : ""]), el("td", {}, [resolve(spec, p).description || ""])]);
    });
    return el("table", {}, rows);
  }
  function operation(spec, path, method, op) {
    var body = [];
    if (op.description) body.push(el("p", {}, [op.description]));
    var params = (op.parameters || []).filter(function (p) { return p.in !== "header"; });
    if (params.length) {
      body.push(el("h4", {}, ["Parameters — المعاملات"]));
      body.push(el("table", {}, params.map(function (p) {
        return el("tr", {}, [el("td", {}, [el("code", {}, [p.name])]), el("td", {}, [p.in]),
          el("td", {}, [typeOf(spec, p.schema)]), el("td", {}, [p.required ? "required" : (p.description || "")])]);
      })));
    }
    var rb = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    if (rb) {
      body.push(el("h4", {}, ["Request body — جسم الطلب"]));
      body.push(schemaTable(spec, rb.schema));
      body.push(el("pre", {}, [JSON.stringify(example(spec, rb.schema, 0), null, 2)]));
    }
    var ok = Object.keys(op.responses || {}).filter(function (c) { return c[0] === "2"; })[0];
    var okc = ok && op.responses[ok].content && op.responses[ok].content["application/json"];
    if (okc) {
      body.push(el("h4", {}, ["Response " + ok + " — الاستجابة"]));
      body.push(el("pre", {}, [JSON.stringify(example(spec, okc.schema, 0), null, 2)]));
    }
    body.push(el("p", { "class": "muted" }, ["Errors: " + Object.keys(op.responses || {}).filter(function (c) { return c[0] !== "2"; }).join(", ")]));
    var summary = el("summary", {}, [el("span", { "class": "m " + method.toUpperCase() }, [method.toUpperCase()]),
      el("code", {}, [path]), "  " + (op.summary || "")]);
    return el("details", { "class": "op" }, [summary].concat(body));
  }
  fetch("/api/v1/openapi.json").then(function (r) { return r.json(); }).then(function (spec) {
    root.textContent = "";
    root.appendChild(el("div", { "class": "intro" }, [spec.info.description || ""]));
    var byTag = {};
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        var op = spec.paths[path][method];
        var tag = (op.tags || ["Other"])[0];
        (byTag[tag] = byTag[tag] || []).push(operation(spec, "/api/v1" + path, method, op));
      });
    });
    Object.keys(byTag).forEach(function (tag) {
      root.appendChild(el("h2", {}, [tag]));
      byTag[tag].forEach(function (n) { root.appendChild(n); });
    });
  }).catch(function (e) { root.textContent = "تعذّر تحميل المواصفات: " + e; });
})();
