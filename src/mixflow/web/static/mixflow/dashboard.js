/* The flows dashboard's charts, drawn with the vendored ECharts from the JSON the page carries
   (json_script): no inline script, no request beyond the country outlines. Tooltips render as
   rich text inside the canvas (an HTML tooltip would need inline styles, which the CSP forbids). */
(function () {
  "use strict";

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  }

  var data = readJSON("dashboard-data");
  var text = readJSON("dashboard-text");
  var tooltip = { renderMode: "richText", confine: true };

  function bar(spec) {
    return {
      tooltip: Object.assign({ trigger: "axis" }, tooltip),
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: spec.labels, axisLabel: { width: 160, overflow: "truncate" } },
      series: spec.series.map(function (s) { return { type: "bar", name: s.name, data: s.data }; })
    };
  }

  function line(spec) {
    return {
      tooltip: Object.assign({ trigger: "axis" }, tooltip),
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.labels },
      yAxis: { type: "value" },
      series: spec.series.map(function (s) { return { type: "line", name: s.name, data: s.data, showSymbol: spec.labels.length < 40 }; })
    };
  }

  function pyramid(spec) {
    return {
      tooltip: Object.assign({ trigger: "axis", valueFormatter: function (v) { return Math.abs(v); } }, tooltip),
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: function (v) { return Math.abs(v); } } },
      yAxis: { type: "category", data: spec.labels },
      series: spec.series.map(function (s) { return { type: "bar", stack: "all", name: s.name, data: s.data }; })
    };
  }

  function sankey(spec) {
    var labels = {};
    spec.nodes.forEach(function (n) { labels[n.name] = n.label; });
    return {
      tooltip: Object.assign({
        trigger: "item",
        formatter: function (p) {
          if (p.dataType === "edge") { return labels[p.data.source] + " → " + labels[p.data.target] + ": " + p.data.value; }
          return labels[p.name] + ": " + p.value;
        }
      }, tooltip),
      series: [{
        type: "sankey",
        left: 8, right: 120, top: 8, bottom: 8,
        emphasis: { focus: "adjacency" },
        nodeAlign: "justify",
        data: spec.nodes.map(function (n) { return { name: n.name }; }),
        links: spec.links,
        label: { formatter: function (p) { return labels[p.name]; } }
      }]
    };
  }

  function map(spec) {
    var largest = 1;
    spec.points.forEach(function (p) { largest = Math.max(largest, p.value[2]); });
    var widest = 1;
    spec.lines.forEach(function (l) { widest = Math.max(widest, l.value); });
    var lons = [], lats = [];
    spec.points.forEach(function (p) { lons.push(p.value[0]); lats.push(p.value[1]); });
    var geo = { map: "countries", roam: true, itemStyle: { areaColor: "#eef0f2", borderColor: "#9aa4ad" }, emphasis: { disabled: true } };
    if (lons.length) {
      var pad = 4;
      geo.boundingCoords = [[Math.min.apply(null, lons) - pad, Math.max.apply(null, lats) + pad],
                            [Math.max.apply(null, lons) + pad, Math.min.apply(null, lats) - pad]];
    }
    return {
      tooltip: Object.assign({ trigger: "item", formatter: function (p) {
        return p.seriesType === "lines" ? p.data.name + ": " + p.data.value : p.name + ": " + p.value[2];
      } }, tooltip),
      geo: geo,
      series: [
        { type: "lines", coordinateSystem: "geo", data: spec.lines, lineStyle: { color: "#b35c00", opacity: 0.6, width: 1 },
          symbol: ["none", "arrow"], symbolSize: 6 },
        { type: "scatter", coordinateSystem: "geo", data: spec.points, itemStyle: { color: "#1d5fa8", opacity: 0.75 },
          symbolSize: function (v) { return 6 + 34 * Math.sqrt(v[2] / largest); } }
      ]
    };
  }

  var builders = { bar: bar, line: line, pyramid: pyramid, sankey: sankey, map: map };
  var instances = [];

  function draw(element, spec) {
    var build = builders[spec.type];
    if (!build) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(build(spec));
    instances.push(chart);
  }

  function start() {
    if (typeof echarts === "undefined") { return; }
    var mapElement = null;
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = data[element.getAttribute("data-chart")];
      if (!spec) { element.hidden = true; return; }
      var empty = (spec.labels && !spec.labels.length) || (spec.nodes && !spec.nodes.length);
      if (empty) { element.hidden = true; return; }
      if (spec.type === "map") { mapElement = element; return; }
      draw(element, spec);
    });
    if (mapElement && text.boundaries) {
      fetch(text.boundaries, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (geojson) {
          echarts.registerMap("countries", geojson);
          draw(mapElement, data.map);
          mapElement.setAttribute("data-drawn", "1");
        });
    }
    window.addEventListener("resize", function () { instances.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
