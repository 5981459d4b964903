/* The places on a map, drawn only when the visitor asks for it (no request to the tile server
   before that). Leaflet (vendored) and its styles are loaded on that click; the places come
   from a JSON block (Django's json_script) named by the container's data-place-map attribute.
   Texts are set as text, never as HTML. Without JavaScript the list below the map remains. */
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

  function popup(place) {
    var box = document.createElement("div");
    box.className = "place-map-popup";
    var link = document.createElement("a");
    link.href = String(place.url);
    link.textContent = String(place.title);
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(String(place.company) + ", " + String(place.town)));
    return box;
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-place-map"));
    if (!source || typeof window.L === "undefined" || container.getAttribute("data-drawn")) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var places = (data.places || []).filter(function (place) {
      return isFinite(place.lat) && isFinite(place.lon);
    });
    if (places.length === 0) {
      return;
    }
    container.setAttribute("data-drawn", "1");
    container.hidden = false;
    var L = window.L;
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(data.tiles.url, { maxZoom: 18, attribution: attribution(data.tiles) }).addTo(map);
    var points = places.map(function (place) {
      var point = [place.lat, place.lon];
      var label = String(place.title) + ", " + String(place.company);
      L.marker(point, { title: label, alt: label }).bindPopup(popup(place)).addTo(map);
      return point;
    });
    if (points.length > 1) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: 13 });
    } else {
      map.setView(points[0], 12);
    }
  }

  function load(container, done) {
    if (typeof window.L !== "undefined") {
      done();
      return;
    }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = container.getAttribute("data-leaflet-css");
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = container.getAttribute("data-leaflet-js");
    script.onload = done;
    document.head.appendChild(script);
  }

  function start() {
    var buttons = document.querySelectorAll("[data-place-map-show]");
    for (var i = 0; i < buttons.length; i += 1) {
      (function (button) {
        var container = document.getElementById(button.getAttribute("data-place-map-show"));
        var intro = button.closest("[data-place-map-start]");
        if (!container || !intro) {
          return;
        }
        intro.hidden = false;
        button.addEventListener("click", function () {
          button.disabled = true;
          load(container, function () {
            draw(container);
            intro.hidden = true;
            container.focus();
          });
        });
      })(buttons[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
