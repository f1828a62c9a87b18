// A unit's emulation total over the quarters of a year: a line chart drawn from the page's
// #trend-data (the figures printed under it). Chart.js is vendored; no CDN.
(() => {
  const source = document.getElementById("trend-data");
  const canvas = document.querySelector("canvas[data-chart=trend]");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const red = getComputedStyle(document.documentElement).getPropertyValue("--loa-red").trim() || "#a31d1d";
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [{ label: "Tổng điểm", data: data.totals, borderColor: red, backgroundColor: red, spanGaps: true }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { min: 0, max: 100 } },
    },
  });
})();
