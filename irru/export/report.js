"use strict";
// irru report: filters and the as-of control. Data comes from the JSON block; nothing is fetched.
(function () {
  var DATA = JSON.parse(document.getElementById("irru-data").textContent);
  var RULES = DATA.rules;

  // ---- The confidence rules: a port of irru/confidence.py (assess_claims, Confidence.who, label). ----
  // tests/test_browser.py compares its flags with `irru timeline --as-of DAY --format json` on several days;
  // change both together. Each claim carries the facts the rules need (irru/export/facts.py rule_facts).
  function assess(claims) {
    if (!claims.length) return null;
    function names(cs) {
      var out = [];
      cs.forEach(function (c) { if (out.indexOf(c.name) < 0) out.push(c.name); });
      return out;
    }
    function publishers(cs) {
      var out = [];
      cs.forEach(function (c) { if (out.indexOf(c.originalPublisher) < 0) out.push(c.originalPublisher); });
      return out;
    }
    function conf(flag, rule, parts) {
      var c = {flag: flag, rule: rule, deniers: [], confirmers: [], decliners: [], reporters: [], hedgers: []};
      Object.keys(parts || {}).forEach(function (k) { c[k] = parts[k]; });
      return c;
    }
    var denials = claims.filter(function (c) { return c.stance === "denies"; });
    var affirmations = claims.filter(function (c) { return RULES.affirming.indexOf(c.stance) >= 0; });
    var declines = claims.filter(function (c) { return c.stance === "declines-to-confirm"; });
    var authoritative = affirmations.filter(function (c) { return c.by !== null && !c.anonymous && c.official; });
    var denierStates = {};
    denials.forEach(function (c) { if (c.by !== null) denierStates[c.top] = true; });
    var deniers = names(denials);
    var hedgers = names(claims.filter(function (c) { return c.stance === "hedges"; }));
    var confirmingStates = {};
    authoritative.forEach(function (c) { confirmingStates[c.top] = true; });
    var decliners = names(declines.filter(function (c) { return c.by === null || !confirmingStates[c.top]; }));
    if (denials.length) {
      var outside = authoritative.filter(function (c) { return !denierStates[c.top]; });
      if (outside.length) {
        return conf("disputed", "denied by some, affirmed on the record by an official who is not among the deniers",
          {deniers: deniers, confirmers: names(outside), decliners: decliners, hedgers: hedgers});
      }
      return conf("denied", "denied, and no official outside the deniers affirms it on the record",
        {deniers: deniers, decliners: decliners, hedgers: hedgers});
    }
    if (authoritative.length) {
      return conf("confirmed", "an official affirms it on the record and nobody denies it",
        {confirmers: names(authoritative), decliners: decliners, hedgers: hedgers});
    }
    if (affirmations.length) {
      var onRecord = affirmations.filter(function (c) { return !c.anonymous; });
      var originals = {};
      onRecord.forEach(function (c) { originals[c.original] = true; });
      var good = onRecord.filter(function (c) { return RULES.lowGrades.indexOf(c.originalGrade) < 0; });
      var reporters = publishers(affirmations);
      if (onRecord.length && (good.length || Object.keys(originals).length >= 2)) {
        return conf("reported", "reported on the record by a source graded A-C or by two independent sources",
          {reporters: reporters, decliners: decliners, hedgers: hedgers});
      }
      var rule = onRecord.length ? "only one source affirms it, and it is graded D-F" : "only anonymous sources affirm it";
      if (!onRecord.length) reporters = reporters.map(function (p) { return p + " (anonymous sources)"; });
      return conf("unconfirmed", rule, {reporters: reporters, decliners: decliners, hedgers: hedgers});
    }
    var predictions = claims.filter(function (c) { return c.stance === "predicts"; });
    if (predictions.length && predictions.length === claims.length) {
      return conf("predicted", "the only claims are predictions", {reporters: names(predictions)});
    }
    return conf("unconfirmed", "no claim affirms it; only hedges or refusals to confirm",
      {decliners: decliners, hedgers: hedgers});
  }

  function who(c) {
    var parts = [];
    if (c.deniers.length) parts.push("denied by " + c.deniers.join(", "));
    if (c.confirmers.length) parts.push("confirmed by " + c.confirmers.join(", "));
    if ((c.flag === "reported" || c.flag === "unconfirmed" || c.flag === "predicted") && c.reporters.length) {
      parts.push((c.flag === "predicted" ? "predicted by " : "reported by ") + c.reporters.join(", "));
    }
    var hedgers = c.hedgers.filter(function (h) { return c.deniers.indexOf(h) < 0; });
    if (hedgers.length) parts.push("hedged by " + hedgers.join(", "));
    if (c.decliners.length) parts.push("not confirmed by " + c.decliners.join(", "));
    return parts.join("; ");
  }

  function label(c) {
    var w = who(c), head = c.flag.toUpperCase();
    if (w.indexOf(c.flag + " by ") === 0) return head + w.slice(c.flag.length);
    return w ? head + " (" + w + ")" : head;
  }
  // ---- end of the rules ----

  function $(id) { return document.getElementById(id); }
  var controls = ["f-actor", "f-system", "f-flag", "f-story", "f-text", "f-asof"].map($);
  var articles = {};
  Array.prototype.forEach.call(document.querySelectorAll("article.event"), function (a) {
    articles[a.getAttribute("data-id")] = a;
  });

  function update() {
    var actor = $("f-actor").value, system = $("f-system").value, flag = $("f-flag").value;
    var story = $("f-story").value, text = $("f-text").value.trim().toLowerCase(), asOf = $("f-asof").value;
    var shown = 0;
    DATA.events.forEach(function (e) {
      var art = articles[e.id];
      var claims = e.claims.filter(function (c) { return !asOf || (c.end !== null && c.end <= asOf); });
      var conf = assess(claims);
      var ok = conf !== null;
      if (ok && actor) {
        ok = e.actors.indexOf(actor) >= 0 || claims.some(function (c) { return c.lineage.indexOf(actor) >= 0; });
      }
      if (ok && system) {
        ok = e.systems.indexOf(system) >= 0 || claims.some(function (c) { return c.systems.indexOf(system) >= 0; });
      }
      if (ok && story) ok = e.story === story;
      if (ok && text) {
        var hay = [e.title, e.summary].concat(claims.map(function (c) { return c.text; })).join("\n").toLowerCase();
        ok = hay.indexOf(text) >= 0;
      }
      if (ok && flag) ok = conf.flag === flag;
      art.hidden = !ok;
      if (conf !== null) {
        var p = art.querySelector(".flag");
        var l = label(conf);
        p.className = "flag flag-" + conf.flag;
        p.setAttribute("data-flag", conf.flag);
        p.title = conf.rule;
        var head = (/^[A-Z]+(?: [A-Z]+)*:?/.exec(l) || [""])[0];  // as html.py split_label
        p.querySelector(".flag-word").textContent = head;
        p.querySelector(".flag-who").textContent = l.slice(head.length);
        art.className = "event f-" + conf.flag;
      }
      var items = art.querySelectorAll("li.claim");
      claims = {};
      e.claims.forEach(function (c) { claims[c.i] = !asOf || (c.end !== null && c.end <= asOf); });
      Array.prototype.forEach.call(items, function (li, i) { li.hidden = !claims[i]; });
      if (ok) shown += 1;
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.year"), function (s) {
      s.hidden = !s.querySelector("article.event:not([hidden])");
    });
    $("status").textContent = shown + " of " + DATA.events.length + " events" + (asOf ? ", as known on " + asOf : "");
  }

  controls.forEach(function (c) { c.addEventListener("input", update); c.addEventListener("change", update); });
  $("filters").addEventListener("reset", function () { setTimeout(update, 0); });
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  window.irruAssess = function (claims) { var c = assess(claims); return c && {flag: c.flag, label: label(c)}; };
  update();
})();
