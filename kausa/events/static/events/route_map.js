/* Draws the stops of a route on a map: markers with their number and name, and a line in
   the order of the visit. The data comes from a JSON block (Django's json_script) named by
   the container's data-route-map attribute; nothing here is executed from the page, and
   labels are set as text, never as HTML. Without JavaScript the table of stops remains. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function attribution(tiles) {
    var text = escapeHtml(tiles.attribution || "");
    var url = String(tiles.attribution_url || "");
    if (/^https?:\/\//.test(url)) {
      return '<a href="' + escapeHtml(url) + '" rel="noopener noreferrer">' + text + "</a>";
    }
    return text;
  }

  function tooltip(stop) {
    var element = document.createElement("span");
    var number = document.createElement("span");
    number.className = "route-map-number";
    number.textContent = String(stop.number) + ". ";
    element.appendChild(number);
    element.appendChild(document.createTextNode(String(stop.label)));
    return element;
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-route-map"));
    if (!source || typeof window.L === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var stops = (data.stops || []).filter(function (stop) {
      return isFinite(stop.lat) && isFinite(stop.lon);
    });
    if (stops.length === 0) {
      return;
    }
    container.hidden = false;
    var L = window.L;
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: attribution(data.tiles) }).addTo(map);
    var points = stops.map(function (stop) {
      var point = [stop.lat, stop.lon];
      L.marker(point, { title: String(stop.number) + ". " + String(stop.label), alt: String(stop.label) })
        .bindTooltip(tooltip(stop))
        .addTo(map);
      return point;
    });
    if (points.length > 1) {
      L.polyline(points, { weight: 4 }).addTo(map);
      map.fitBounds(points, { padding: [30, 30] });
    } else {
      map.setView(points[0], 15);
    }
  }

  function start() {
    var containers = document.querySelectorAll("[data-route-map]");
    for (var i = 0; i < containers.length; i += 1) {
      draw(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
