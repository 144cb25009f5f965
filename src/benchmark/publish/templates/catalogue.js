(function () {
  var box = document.getElementById("q");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var body = document.querySelector("#instruments tbody");
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));
  var counter = document.getElementById("row-count");
  // Enter in the search box filters, never submits (no inline handler: the page's Content-Security-Policy forbids them).
  document.querySelector("form.filters").addEventListener("submit", function (e) { e.preventDefault(); });
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  // Searchable text: what the row shows, plus its identifier and jurisdiction code (kept out of sight).
  var texts = rows.map(function (r) { return fold(r.textContent + " " + r.id + " " + r.getAttribute("data-jurisdiction")); });
  function apply() {
    var terms = fold(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) !== -1; });
      selects.forEach(function (s) {
        if (ok && s.value) { ok = (r.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ").indexOf(s.value) !== -1; }
      });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = String(shown);
  }
  // Sorting: each column heading is a button; numbers sort by value, text in French order; empty cells last.
  var collator = new Intl.Collator("fr", {numeric: true, sensitivity: "base"});
  var headers = Array.prototype.slice.call(document.querySelectorAll("#instruments thead th"));
  function key(row, col) {
    var cell = row.children[col];
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  headers.forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.hasAttribute("data-numeric");
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col);
        if (x === "" || y === "") { return x === y ? 0 : (x === "" ? 1 : -1); }
        var d = numeric ? Number(x) - Number(y) : collator.compare(x, y);
        return ascending ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      texts = rows.map(function (r) { return fold(r.textContent + " " + r.id + " " + r.getAttribute("data-jurisdiction")); });
    });
  });
  box.addEventListener("input", apply);
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  document.getElementById("reset").addEventListener("click", function () {
    box.value = ""; selects.forEach(function (s) { s.value = ""; }); apply();
  });
  apply();
})();
