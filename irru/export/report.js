"use strict";
// irru report: filters and the as-of control. Data comes from the JSON block; nothing is fetched.
(function () {
  var DATA = JSON.parse(document.getElementById("irru-data").textContent);
  var RULES = DATA.rules;

  // ---- The confidence rules: a port of irru/confidence.py (positions, assess_claims, Confidence.who, label). ----
  // tests/test_browser.py compares its flags with `irru timeline --as-of DAY --format json` on several days;
  // change both together. Each claim carries the facts that do not depend on the day (irru/export/facts.py):
  // its credited speaker (key, name), its rank by confidence.order_key (order), officialdom, the original source.
  function byName(a, b) { return RULES.nameRank[a] - RULES.nameRank[b]; }
  function sortedNames(list) {
    var out = [];
    list.forEach(function (n) { if (out.indexOf(n) < 0) out.push(n); });
    return out.sort(byName);
  }
  function kind(stance) { return RULES.affirming.indexOf(stance) >= 0 ? "affirm" : stance; }
  var MATTERS = ["denies>affirm", "affirm>denies", "denies>hedges", "hedges>affirm", "doubts>affirm", "affirm>doubts"];

  // Each credited speaker's latest claim (on the record before anonymous), and the stance a reversal left behind.
  function positions(claims) {
    var pools = [], byKey = {};
    claims.forEach(function (c) {
      if (!(c.key in byKey)) { byKey[c.key] = {name: c.name, said: []}; pools.push(byKey[c.key]); }
      byKey[c.key].said.push(c);
    });
    return pools.map(function (pool) {
      var onRecord = pool.said.filter(function (c) { return !c.anonymous; });
      var said = (onRecord.length ? onRecord : pool.said).slice().sort(function (a, b) { return a.order - b.order; });
      var current = said[said.length - 1], earlier = null;
      for (var k = said.length - 2; k >= 0; k--) {
        if (kind(said[k].weighs) === kind(current.weighs)) continue;
        if (MATTERS.indexOf(kind(said[k].weighs) + ">" + kind(current.weighs)) >= 0) earlier = said[k];
        break;
      }
      return {speaker: pool.name, key: current.key, claim: current, earlier: earlier};
    });
  }

  function assess(claims, event) {
    if (!claims.length) return null;
    var ps = positions(claims);
    var history = ps.filter(function (p) { return p.earlier !== null; }).map(function (p) {
      return {speaker: p.speaker, stance: p.earlier.weighs, until: p.claim.month};
    }).sort(function (a, b) { return byName(a.speaker, b.speaker); });
    function names(list) { return sortedNames(list.map(function (p) { return p.speaker; })); }
    // a claim counts as its weighed stance (facts.py "weighs"): "doubts" for an assessment of unlikely or lower
    function stance(s) { return ps.filter(function (p) { return p.claim.weighs === s; }); }
    function conf(flag, rule, parts) {
      var c = {flag: flag, rule: rule, deniers: [], confirmers: [], decliners: decliners, reporters: [],
               hedgers: hedgers, doubters: doubters, history: history};
      Object.keys(parts || {}).forEach(function (k) { c[k] = parts[k]; });
      return c;
    }
    var denials = stance("denies");
    var affirmations = ps.filter(function (p) { return RULES.affirming.indexOf(p.claim.weighs) >= 0; });
    var authoritative = affirmations.filter(function (p) {
      var c = p.claim;
      return c.by !== null && !c.anonymous && !c.assessment && c.official;
    });
    var denierStates = {};
    denials.forEach(function (p) { if (p.claim.by !== null) denierStates[p.claim.top] = true; });
    var hedgers = names(stance("hedges")), decliners = names(stance("declines-to-confirm"));
    var doubts = stance("doubts"), doubters = names(doubts);
    if (denials.length) {
      var outside = authoritative.filter(function (p) { return !denierStates[p.claim.top]; });
      if (outside.length) {
        return conf("disputed", "denied by some, affirmed on the record by an official who is not among the deniers",
          {deniers: names(denials), confirmers: names(outside)});
      }
      return conf("denied", "denied, and no official outside the deniers affirms it on the record",
        {deniers: names(denials)});
    }
    if (event.type === "statement") {
      var speakers = affirmations.filter(function (p) {
        var c = p.claim;
        return c.by !== null && !c.anonymous && !c.assessment && (!event.parties.length || event.parties.indexOf(p.key) >= 0);
      });
      if (speakers.length) {
        return conf("statement", "a statement said on the record by the speakers named, and nobody denies it was made",
          {confirmers: names(speakers)});
      }
    }
    if (authoritative.length) {
      return conf("confirmed", "an official affirms it on the record and nobody's latest position denies it",
        {confirmers: names(authoritative)});
    }
    if (affirmations.length) {
      var said = affirmations.map(function (p) { return p.claim; });
      var onRecord = said.filter(function (c) { return !c.anonymous; });
      var originals = {};
      onRecord.forEach(function (c) { originals[c.original] = true; });
      var good = onRecord.filter(function (c) { return RULES.lowGrades.indexOf(c.originalGrade) < 0; });
      var reporters = sortedNames(said.map(function (c) { return c.originalPublisher; }));
      var wellReported = good.length || Object.keys(originals).length >= 2;
      if (onRecord.length && wellReported && !doubts.length) {
        return conf("reported", "reported on the record by a source graded A-C or by two independent sources",
          {reporters: reporters});
      }
      var rule = !onRecord.length ? "only anonymous sources affirm it"
        : wellReported ? "reported on the record, but an assessment doubts it and no official confirms it"
        : "only one source affirms it, and it is graded D-F";
      if (!onRecord.length) reporters = reporters.map(function (p) { return p + " (anonymous sources)"; });
      return conf("unconfirmed", rule, {reporters: reporters});
    }
    var predictions = stance("predicts");
    if (predictions.length && predictions.length + doubts.length === ps.length) {
      return conf("predicted", "the only claims are predictions" + (doubts.length ? ", and assessments doubt them" : ""),
        {reporters: names(predictions), decliners: [], hedgers: []});
    }
    return conf("unconfirmed", "no claim affirms it; only hedges, doubts or refusals to confirm");
  }

  // "confirmed by North Korea, Russia (both denied until Apr 2025)"
  function withHistory(c, verb, names) {
    var text = verb + " by " + names.join(", ");
    var past = c.history.filter(function (h) { return names.indexOf(h.speaker) >= 0; });
    if (!past.length) return text;
    var groups = [], byKey = {};
    past.forEach(function (h) {
      var k = h.stance + "\u0000" + h.until;
      if (!(k in byKey)) { byKey[k] = {stance: h.stance, until: h.until, who: []}; groups.push(byKey[k]); }
      byKey[k].who.push(h.speaker);
    });
    var notes = groups.map(function (g) {
      var said = (RULES.pastVerbs[g.stance] || g.stance) + " until " + g.until;
      if (g.who.length === names.length && names.length === 1) return said;
      if (g.who.length === names.length) return (g.who.length === 2 ? "both " : "all ") + said;
      return g.who.join(", ") + " " + said;
    });
    return text + " (" + notes.join("; ") + ")";
  }

  function who(c) {
    if (c.flag === "statement") return withHistory(c, "said on the record", c.confirmers);
    var parts = [];
    if (c.deniers.length) parts.push(withHistory(c, "denied", c.deniers));
    if (c.confirmers.length) parts.push(withHistory(c, "confirmed", c.confirmers));
    if ((c.flag === "reported" || c.flag === "unconfirmed" || c.flag === "predicted") && c.reporters.length) {
      parts.push(withHistory(c, c.flag === "predicted" ? "predicted" : "reported", c.reporters));
    }
    if (c.doubters.length) parts.push(withHistory(c, "doubted", c.doubters));
    if (c.hedgers.length) parts.push(withHistory(c, "hedged", c.hedgers));
    if (c.decliners.length) parts.push(withHistory(c, "not confirmed", c.decliners));
    return parts.join("; ");
  }

  function label(c) {
    if (c.flag === "statement") {
      var said = withHistory(c, "", c.confirmers).slice(" by ".length);
      var rest = c.decliners.length ? withHistory(c, "not confirmed", c.decliners) : "";
      return "ON RECORD: " + said + " said so" + (rest ? "; " + rest : "");
    }
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
      var conf = assess(claims, e);
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
  
  update();
})();
