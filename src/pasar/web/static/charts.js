// Unpaid analytics charts with the locally served plotly; without it (or JS) the tables remain.
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    var boxes = document.querySelectorAll("[data-chart]");
    document.body.classList.add("charts-ready");
    for (var i = 0; i < boxes.length; i++) {
      var el = boxes[i];
      var data = JSON.parse(el.getAttribute("data-chart"));
      window.Plotly.newPlot(el, [
        { type: "bar", name: el.getAttribute("data-orders-label"), x: data.keys, y: data.orders, marker: { color: "#9bb8d3" } },
        { type: "bar", name: el.getAttribute("data-unpaid-label"), x: data.keys, y: data.unpaid, marker: { color: "#a3192b" } }
      ], { barmode: "group", margin: { l: 40, r: 10, t: 10, b: 60 }, height: 260, legend: { orientation: "h" } },
      { displayModeBar: false, responsive: true });
    }
  }
  if (document.readyState === "complete") { draw(); } else { window.addEventListener("load", draw); }
})();
