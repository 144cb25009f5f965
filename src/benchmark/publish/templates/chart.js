// Draws a chart when plotly.js is beside the page; otherwise its static image and note stay (page sent alone).
// On a narrow screen the legend moves above the plot so that the plot keeps the full width.
function bmChart(id, data, layout, config) {
  var figure = document.getElementById(id);
  if (!window.Plotly || !figure) { return; }
  var plot = figure.querySelector(".bm-plot");
  var wide = layout.legend || {};
  // Narrow: a horizontal legend above the plot (plotly widens the top margin for it), its title on its own line
  // (plotly cuts a long row otherwise). Below the plot it sat at a fixed fraction of the plot's height and ran
  // over an axis title of two lines; above, it is read before the chart, and the right margin stays free for the
  // amounts written beside the points.
  var above = {orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom",
               title: Object.assign({}, wide.title || {}, {side: "top left"})};
  function legend(narrow) { return Object.assign({}, wide, narrow ? above : {}); }
  figure.classList.add("bm-live");
  var narrow = plot.clientWidth < 760;
  layout.legend = legend(narrow);
  Plotly.newPlot(plot, data, layout, config);
  window.addEventListener("resize", function () {
    var now = plot.clientWidth < 760;
    if (now !== narrow) { narrow = now; Plotly.relayout(plot, {legend: legend(now)}); }
  });
}
