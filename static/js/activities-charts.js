// Dashboard and progress charts: bar charts drawn from the page's #chart-data (the same
// figures as the tables beside them). Chart.js is vendored; no CDN.
(() => {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const red = getComputedStyle(document.documentElement).getPropertyValue("--loa-red").trim() || "#a31d1d";
  const horizontal = new Set(["forms", "places"]);

  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const series = data[canvas.dataset.chart];
    if (!series) continue;
    const flat = !horizontal.has(canvas.dataset.chart);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{ label: "Số hoạt động", data: series.count, backgroundColor: red, borderRadius: 3 }],
      },
      options: {
        indexAxis: flat ? "x" : "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          [flat ? "y" : "x"]: { beginAtZero: true, ticks: { precision: 0 } },
          [flat ? "x" : "y"]: { ticks: { autoSkip: false, callback(value) {
            const label = this.getLabelForValue(value);
            return label.length > 32 ? label.slice(0, 31) + "…" : label;
          } } },
        },
      },
    });
  }

  // Dashboard period: the custom range fields matter only for «Tùy chọn».
  const period = document.querySelector("select[name=period]");
  if (period) {
    const toggle = () => document.querySelectorAll("[data-role=custom-range]").forEach((el) => {
      el.hidden = period.value !== "custom";
    });
    period.addEventListener("change", toggle);
    toggle();
  }
})();
