"use strict";
// irru report: filters and the as-of control. Data comes from the JSON block; nothing is fetched.
(function () {
  var DATA = JSON.parse(document.getElementById("irru-data").textContent);

  // No confidence rule lives here. Each event carries its flag as irru/confidence.py computed it: "flag" with no
  // day asked, and "steps", the flag from each day it can change (irru/export/facts.py flag_steps). The flag as
  // of a day is the last step from on or before it; none means nothing had been said yet.
  function flagAsOf(e, asOf) {
    if (!asOf) return e.flag;
    var found = null;
    e.steps.forEach(function (s) { if (s.from <= asOf) found = s; });
    return found;
  }

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
      var conf = flagAsOf(e, asOf);
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
        p.className = "flag flag-" + conf.flag;
        p.setAttribute("data-flag", conf.flag);
        p.title = conf.rule;
        p.querySelector(".flag-word").textContent = conf.label[0];
        p.querySelector(".flag-who").textContent = conf.label[1];
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
      var link = document.querySelector('.years a[data-year="' + s.getAttribute("data-year") + '"]');
      if (link) link.hidden = s.hidden;  // the index offers only the years shown
    });
    $("status").textContent = shown + " of " + DATA.events.length + " events" + (asOf ? ", as known on " + asOf : "");
  }

  // Layout: on a narrow screen the filters start folded (the bar keeps the count and the year index); a link to an
  // event or a year lands below the sticky bar, whatever its height (--bar, read by scroll-margin-top in the CSS).
  var box = $("filter-box");
  if (box && window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) box.open = false;
  function barHeight() { document.documentElement.style.setProperty("--bar", $("filters").offsetHeight + "px"); }
  if (box) box.addEventListener("toggle", barHeight);
  window.addEventListener("resize", barHeight);
  barHeight();
  if (location.hash) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }

  controls.forEach(function (c) { c.addEventListener("input", update); c.addEventListener("change", update); });
  $("filters").addEventListener("reset", function () { setTimeout(update, 0); });
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  update();
})();
