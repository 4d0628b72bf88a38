// Draws every chart described on the page (lib/charts.py): the data comes from a JSON script
// element, numbers and dates in Vietnamese formats, and a click on a bar opens the records
// behind it. The same figures are in a table beside each chart for screen readers.
(function () {
  const number = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en-GB" : "vi-VN");
  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const horizontal = spec.kind === "hbar";
    const doughnut = spec.kind === "doughnut";
    const single = spec.series.length === 1;
    const datasets = spec.series.map((s) => ({
      label: s.label,
      data: s.values,
      backgroundColor: doughnut ? spec.series.length && s.values.map((_, i) => (spec.colors && spec.colors[i]) || palette(i)) : s.color,
      borderColor: spec.kind === "line" ? s.color : "#ffffff",
      borderWidth: spec.kind === "line" ? 2 : 1,
      maxBarThickness: 48,
      tension: 0.25,
    }));
    const format = (v) => (v === null || v === undefined) ? "—" : number.format(v) + (spec.percent ? " %" : "");
    const axis = { ticks: { callback: (v) => format(v), precision: 0 }, stacked: spec.stacked, beginAtZero: true };
    const config = {
      type: horizontal ? "bar" : spec.kind,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: {
          legend: { display: doughnut || !single, position: "bottom" },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${format(ctx.raw)}` } },
        },
        scales: doughnut ? {} : (horizontal
          ? { x: axis, y: { stacked: spec.stacked, ticks: { autoSkip: false, callback: function (value) {
              // A long name on a narrow screen: on two or three lines, not cut at the edge.
              return wrap(this.getLabelForValue(value), canvas.clientWidth < 500 ? 16 : 30);
            } } } }
          : { y: axis, x: { stacked: spec.stacked } }),
        onClick: (_event, elements) => {
          if (!elements.length || !spec.links) return;
          const link = spec.links[elements[0].index];
          if (link) window.location.href = link;
        },
        onHover: (event, elements) => {
          const link = elements.length && spec.links && spec.links[elements[0].index];
          event.native.target.style.cursor = link ? "pointer" : "default";
        },
      },
    };
    new Chart(canvas, config);
  }
  function wrap(label, width) {
    if (typeof label !== "string" || label.length <= width) return label;
    const lines = [];
    let line = "";
    label.split(" ").forEach((word) => {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }
  const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000"];
  function palette(i) { return COLORS[i % COLORS.length]; }
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof Chart !== "undefined") {
      Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
      Chart.defaults.color = "#1f1f1f";
    }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
