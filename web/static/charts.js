// Targets page: one bar chart per (year, unit): achieved vs target for each region (Chart.js, vendored).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("chart-data");
  if (!data || typeof Chart === "undefined") return;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;  // CJK labels
  JSON.parse(data.textContent).forEach((c, i) => {
    const canvas = document.getElementById("chart-" + i);
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: c.regions,
        datasets: [
          {label: "目标 Target", data: c.target, backgroundColor: "#b8c4d6"},
          {label: "完成 Achieved", data: c.achieved, backgroundColor: "#2f6f4f"},
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {y: {beginAtZero: true, title: {display: true, text: c.unit}}},
        plugins: {
          tooltip: {callbacks: {afterBody: (items) => `完成率 Ratio: ${c.ratio[items[0].dataIndex]}%`}},
        },
      },
    });
  });
});
