/* « Quelles aides pour mon ASBL ? »: filters, accent-insensitive search, relevance order and the printable list,
   on top of the plain list the page already shows. The filters live in the URL fragment, so a result can be shared. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("donnees-aides").textContent);
  var root = document.documentElement;
  root.classList.add("js");
  var form = document.getElementById("filtres");
  var list = document.getElementById("liste-aides");
  var count = document.getElementById("compte");
  var none = document.getElementById("aucune");
  var cards = {};
  Array.prototype.forEach.call(list.children, function (li) { cards[li.getAttribute("data-id")] = li; });
  var apartItems = {};
  Array.prototype.forEach.call(document.querySelectorAll("#liste-hors > li"), function (li) {
    apartItems[li.getAttribute("data-id")] = li;
  });
  var order = data.aids.map(function (a) { return a.id; });

  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’']/g, " ");
  }
  data.aids.forEach(function (a) {
    a.nameText = fold(a.name);
    a.text = fold([a.name, a.what, a.funder, a.for_whom].join(" "));
  });
  function plural(n, one, many) { return n + "\u00a0" + (n < 2 ? one : many); }

  function state() {
    var f = new FormData(form);
    return {
      etape: f.get("etape") || "",
      type: f.getAll("type"),
      secteur: f.get("secteur") || "",
      montant: f.get("montant") || "",
      q: (f.get("q") || "").trim(),
      liste: Array.prototype.map.call(list.querySelectorAll("input[name=liste]:checked"), function (i) { return i.value; })
    };
  }

  function toHash(s) {
    var p = new URLSearchParams();
    ["etape", "secteur", "montant", "q"].forEach(function (k) { if (s[k]) { p.set(k, s[k]); } });
    if (s.type.length) { p.set("type", s.type.join(",")); }
    if (s.liste.length) { p.set("liste", s.liste.join(",")); }
    var text = p.toString();
    return text ? "#" + text : "";
  }

  function fromHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var types = (p.get("type") || "").split(",").filter(Boolean);
    var picked = (p.get("liste") || "").split(",").filter(Boolean);
    Array.prototype.forEach.call(form.querySelectorAll("input[name=etape]"), function (i) { i.checked = i.value === (p.get("etape") || ""); });
    Array.prototype.forEach.call(form.querySelectorAll("input[name=type]"), function (i) { i.checked = types.indexOf(i.value) !== -1; });
    ["secteur", "montant"].forEach(function (k) {
      var el = form.elements[k];
      if (el) { el.value = p.get(k) || ""; if (el.selectedIndex < 0) { el.value = ""; } }
    });
    form.elements.q.value = p.get("q") || "";
    if (types.length || p.get("secteur") || p.get("montant") || p.get("q")) { document.getElementById("affiner").open = true; }
    Array.prototype.forEach.call(list.querySelectorAll("input[name=liste]"), function (i) { i.checked = picked.indexOf(i.value) !== -1; });
  }

  function score(a, terms) {
    var s = 0;
    for (var i = 0; i < terms.length; i += 1) {
      if (a.text.indexOf(terms[i]) === -1) { return -1; }
      s += a.nameText.indexOf(terms[i]) !== -1 ? 3 : 1;
    }
    return s;
  }

  function apply() {
    var s = state();
    var terms = fold(s.q).split(/\s+/).filter(Boolean);
    var shown = [];
    data.aids.forEach(function (a, index) {
      var ok = (!s.etape || a.stages.indexOf(s.etape) !== -1)
        && (!s.type.length || a.kinds.some(function (k) { return s.type.indexOf(k) !== -1; }))
        && (!a.sector || !s.secteur || a.sector === s.secteur)
        && (!s.montant || a.band === s.montant);
      var sc = ok ? score(a, terms) : -1;
      if (sc >= 0) { shown.push({ id: a.id, score: sc, index: index }); }
    });
    shown.sort(function (x, y) { return (y.score - x.score) || (x.index - y.index); });
    var visible = {};
    shown.forEach(function (x) { visible[x.id] = true; list.appendChild(cards[x.id]); });
    order.forEach(function (id) {
      if (!visible[id]) { cards[id].hidden = true; list.appendChild(cards[id]); } else { cards[id].hidden = false; }
    });
    data.apart.forEach(function (a) {
      var li = apartItems[a.id];
      if (li) { li.hidden = (s.etape && a.stages.indexOf(s.etape) === -1) || (a.sector && a.sector === s.secteur); }
    });
    var apartShown = data.apart.filter(function (a) { return apartItems[a.id] && !apartItems[a.id].hidden; }).length;
    document.getElementById("compte-hors").textContent = "Voir " + plural(apartShown, "aide", "aides")
      + (s.etape ? " pour cette étape" : "") + ", chacune avec sa raison";
    Array.prototype.forEach.call(document.querySelectorAll("#ailleurs .elsewhere"), function (d) {
      d.hidden = Boolean(s.etape) && d.getAttribute("data-stage") !== s.etape;
    });
    var what = s.etape ? " pour « " + data.stages[s.etape] + " »" : "";
    count.textContent = plural(shown.length, "aide", "aides") + what + (shown.length ? " (les plus pertinentes d'abord)." : ".");
    none.hidden = shown.length > 0;
    // « regardez plus bas ce qui se fait ailleurs » only when that section shows something for this choice
    document.getElementById("aucune-ailleurs").hidden = !Array.prototype.some.call(
      document.querySelectorAll("#ailleurs .elsewhere"), function (d) { return !d.hidden; });
    s.liste.forEach(function (id) { if (cards[id]) { cards[id].classList.add("picked"); } });
    Array.prototype.forEach.call(list.querySelectorAll("input[name=liste]:not(:checked)"), function (i) {
      cards[i.value].classList.remove("picked");
    });
    root.classList.toggle("has-picks", s.liste.length > 0);
    document.getElementById("compte-liste").textContent = s.liste.length
      ? plural(s.liste.length, "aide choisie", "aides choisies") + " : " + s.liste.map(function (id) {
        return cards[id].querySelector("h3").textContent; }).join(" ; ") + "."
      : "Cochez « Ajouter à ma liste à imprimer » sous une aide pour la garder ici.";
    var hash = toHash(s);
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
    document.getElementById("partager").href = hash || "#";
  }

  fromHash();
  form.addEventListener("submit", function (e) { e.preventDefault(); });  // no inline handler: the CSP forbids them
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  list.addEventListener("change", apply);
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  document.getElementById("effacer").addEventListener("click", function () {
    form.reset(); form.elements.q.value = ""; apply();
  });
  document.getElementById("vider").addEventListener("click", function () {
    Array.prototype.forEach.call(list.querySelectorAll("input[name=liste]"), function (i) { i.checked = false; });
    apply();
  });
  document.getElementById("imprimer").addEventListener("click", function () { window.print(); });
  apply();
})();
