/* The map of Boai homes on the Boai index. The page works without it: the list beside it
   shows the same homes. Leaflet is vendored under static/vendor/leaflet/. The markers of
   the view are fetched from the homes' GeoJSON (at most a few hundred: beyond, the reader
   is asked to zoom in), so the page carries none of them. */
(function () {
  "use strict";

  // Wuxi's districts, south-west to north-east: the first view.
  var WUXI = [[31.12, 119.52], [32.03, 120.63]];
  var COLOURS = { excellent: "#1b6e35", other: "#595959" };

  function popup(feature, labels) {
    var home = feature.properties;
    var box = document.createElement("div");
    var title = document.createElement("h3");
    title.textContent = home.name;
    box.appendChild(title);
    if (home.excellent) {
      var badge = document.createElement("p");
      badge.textContent = "✓ " + labels.excellent;
      box.appendChild(badge);
    }
    var link = document.createElement("a");
    link.href = home.url;
    link.textContent = labels.details;
    box.appendChild(link);
    return box;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("boai-map-config");
    var element = document.getElementById("boai-map");
    if (!node || !element || !window.L) return;
    var cfg = JSON.parse(node.textContent);
    var status = document.querySelector("#boai-map-figure [data-map-status]");
    document.getElementById("boai-map-figure").hidden = false;
    var map = L.map(element).fitBounds(WUXI);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
    }
    var group = L.featureGroup().addTo(map);
    var shown = {}; // feature id -> its marker

    // Markers of homes still in view stay as they are: a popup open on one survives the
    // pan that opening it caused.
    function show(data) {
      var next = {};
      data.features.forEach(function (feature) {
        var marker = shown[feature.id];
        if (!marker) {
          var at = feature.geometry.coordinates; // GeoJSON: longitude first
          marker = L.circleMarker([at[1], at[0]], {
            radius: 7,
            weight: 2,
            color: "#fff",
            fillColor: feature.properties.excellent ? COLOURS.excellent : COLOURS.other,
            fillOpacity: 0.9,
          }).bindPopup(function () { return popup(feature, cfg.labels); });
          group.addLayer(marker);
        }
        next[feature.id] = marker;
      });
      Object.keys(shown).forEach(function (id) {
        if (!next[id]) group.removeLayer(shown[id]);
      });
      shown = next;
    }

    // The view's box, within the range the endpoint accepts (a map panned round the world
    // has longitudes past 180).
    function bbox() {
      var b = map.getBounds();
      function clamp(value, limit) { return Math.max(-limit, Math.min(limit, value)).toFixed(6); }
      return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(",");
    }

    var first = true;
    var pending = null;
    function load() {
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      var url = cfg.geojson + "?bbox=" + bbox() + (cfg.filters ? "&" + cfg.filters : "");
      fetch(url, pending ? { signal: pending.signal } : {})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          show(data);
          if (status) status.textContent = data.truncated ? cfg.labels.zoom_in : "";
          // Once, before the reader moves the map: close in on the homes found, when the
          // answer holds them all.
          if (first && !data.truncated && data.features.length) {
            map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
          }
          first = false;
        })
        .catch(function () {});
    }
    map.on("movestart", function () { first = false; });
    var timer = null;
    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    load();
  });
})();
