/* The map of Boai homes on the Boai index. The page works without it: the list beside it
   shows the same homes. Leaflet is vendored under static/vendor/leaflet/. */
(function () {
  "use strict";

  var WUXI = [31.57, 120.3];

  function popup(home, labels) {
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
    document.getElementById("boai-map-figure").hidden = false;
    var map = L.map(element).setView(WUXI, 10);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
    }
    var markers = cfg.homes.map(function (home) {
      return L.circleMarker([home.lat, home.lng], {
        radius: 7,
        weight: 2,
        color: "#fff",
        fillColor: home.excellent ? "#1b6e35" : "#595959",
        fillOpacity: 0.9,
      }).bindPopup(function () { return popup(home, cfg.labels); });
    });
    var group = L.featureGroup(markers).addTo(map);
    if (markers.length) map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
  });
})();
