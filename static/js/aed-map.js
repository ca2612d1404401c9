/* The AED finder's map and "use my location" button. The pages work without this file:
   it only adds a map (Leaflet, vendored) and fills the nearest-AED form for the reader. */
(function () {
  "use strict";

  var WUXI = [31.57, 120.3];
  var COLOURS = { ready: "#1b6e35", check_overdue: "#8a5300", out_of_service: "#595959" };

  function config() {
    var node = document.getElementById("aed-map-config");
    return node ? JSON.parse(node.textContent) : null;
  }

  function field(form, name) {
    return form ? form.querySelector("[name='" + name + "']") : null;
  }

  function fill(form, lat, lng) {
    field(form, "lat").value = lat.toFixed(6);
    field(form, "lng").value = lng.toFixed(6);
  }

  function setupLocate(form, labels) {
    var button = form && form.querySelector("[data-locate]");
    var status = form && form.querySelector("[data-locate-status]");
    if (!button || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = labels.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          fill(form, position.coords.latitude, position.coords.longitude);
          form.submit();
        },
        function () {
          status.textContent = labels.no_location;
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  function popup(feature, labels) {
    var p = feature.properties;
    var box = document.createElement("div");
    box.className = "aed-popup";
    var title = document.createElement("h3");
    title.textContent = p.name;
    box.appendChild(title);
    var symbols = { ready: "✓ ", check_overdue: "! ", out_of_service: "✕ " };
    var state = document.createElement("p");
    state.textContent = (symbols[p.readiness] || "") + (labels[p.readiness] || p.readiness) + " · " +
      (p.open_now === true ? labels.open : p.open_now === false ? labels.closed : labels.hours_unknown);
    box.appendChild(state);
    var where = document.createElement("p");
    where.textContent = p["defibrillator:location"];
    box.appendChild(where);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = labels.details;
    box.appendChild(link);
    return box;
  }

  function setupMap(cfg, form) {
    var element = document.getElementById("aed-map");
    if (!element || !window.L) return;
    var status = document.querySelector("[data-map-status]");
    var lat = parseFloat(field(form, "lat") && field(form, "lat").value);
    var lng = parseFloat(field(form, "lng") && field(form, "lng").value);
    var here = isFinite(lat) && isFinite(lng) ? [lat, lng] : null;
    var map = L.map(element).setView(here || WUXI, here ? 15 : 11);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
    }
    var picked = here ? L.circleMarker(here, { radius: 6, color: "#1a1a1a", fillOpacity: 1 }).addTo(map) : null;
    var layer = L.geoJSON(null, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 7,
          weight: 2,
          color: "#fff",
          fillColor: COLOURS[feature.properties.readiness] || COLOURS.out_of_service,
          fillOpacity: 0.9,
        });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(function () { return popup(feature, cfg.labels); });
      },
    }).addTo(map);

    var pending = null;
    function load() {
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      var url = cfg.geojson + "?bbox=" + map.getBounds().toBBoxString() + (cfg.filters ? "&" + cfg.filters : "");
      fetch(url, pending ? { signal: pending.signal } : {})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          layer.clearLayers();
          layer.addData(data);
          if (status) status.textContent = data.truncated ? cfg.labels.zoom_in : "";
        })
        .catch(function () {});
    }
    var timer = null;
    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    load();

    if (form) {
      map.on("click", function (event) {
        fill(form, event.latlng.lat, event.latlng.lng);
        if (picked) picked.setLatLng(event.latlng);
        else picked = L.circleMarker(event.latlng, { radius: 6, color: "#1a1a1a", fillOpacity: 1 }).addTo(map);
        var note = form.querySelector("[data-locate-status]");
        if (note) note.textContent = cfg.labels.picked;
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var cfg = config();
    if (!cfg) return;
    var form = document.querySelector("[data-nearest-form]");
    setupLocate(form, cfg.labels);
    setupMap(cfg, form);
  });
})();
