// Clickable maps on survey pages and the incident form. Progressive enhancement only: without
// this file the maps stay hidden and the ordinary area list and place description work as before.
//
// A box `.map-select[data-map-for=NAME]` holds an SVG drawn by analysis.geo.render_svg.
// Clicking an area link chooses it in the form's field NAME (radio buttons or a select).
// With `data-point-for=POINT` a click also stores "lat,lon" in the hidden input POINT, and
// the area goes to the select named by `data-area-for` (default "POINT-area").
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function chooseArea(form, name, value) {
    var radio = form.querySelector("input[type=radio][name='" + name + "'][value='" + CSS.escape(value) + "']");
    if (radio) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); return; }
    var select = form.querySelector("select[name='" + name + "']");
    if (select) { select.value = value; select.dispatchEvent(new Event("change", { bubbles: true })); }
  }

  // The numbers of analysis.geo._projection_data: west, north, scale, padding, cos(mid latitude).
  function projection(svg) {
    return (svg.getAttribute("data-projection") || "").split(" ").map(Number);
  }

  // Canvas coordinates back to (lat, lon): the inverse of analysis.geo.Projection.
  function toLatLon(svg, event) {
    var p = projection(svg);
    var pt = svg.createSVGPoint();
    pt.x = event.clientX; pt.y = event.clientY;
    var local = pt.matrixTransform(svg.getScreenCTM().inverse());
    var lon = p[0] + (local.x - p[3]) / (p[4] * p[2]);
    var lat = p[1] - (local.y - p[3]) / p[2];
    return { lat: lat, lon: lon, x: local.x, y: local.y };
  }

  // (lat, lon) to canvas coordinates: analysis.geo.Projection itself.
  function toCanvas(svg, lat, lon) {
    var p = projection(svg);
    return { x: p[3] + (lon - p[0]) * p[4] * p[2], y: p[3] + (p[1] - lat) * p[2] };
  }

  function setMarker(svg, x, y) {
    var marker = svg.querySelector("circle.map-marker");
    if (!marker) {
      marker = document.createElementNS(SVG_NS, "circle");
      marker.setAttribute("class", "map-marker");
      marker.setAttribute("r", "7");
      marker.setAttribute("fill", "#c0392b");
      marker.setAttribute("stroke", "#ffffff");
      marker.setAttribute("stroke-width", "2");
      svg.appendChild(marker);
    }
    marker.setAttribute("cx", x.toFixed(1));
    marker.setAttribute("cy", y.toFixed(1));
  }

  document.querySelectorAll(".map-select[data-map-for]").forEach(function (box) {
    var form = box.closest("form");
    var name = box.getAttribute("data-map-for");
    var svg = box.querySelector("svg");
    if (!form || !svg) { return; }
    var pointName = box.getAttribute("data-point-for");
    var areaName = box.getAttribute("data-area-for") || (pointName ? pointName + "-area" : name);
    var status = box.querySelector("[data-point-status]");
    var input = pointName ? form.querySelector("input[name='" + pointName + "']") : null;
    box.hidden = false;

    // A place marked before the page was sent back (say, with an error elsewhere) is shown again.
    if (input && input.value) {
      var parts = input.value.split(",").map(Number);
      if (parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1])) {
        var at = toCanvas(svg, parts[0], parts[1]);
        setMarker(svg, at.x, at.y);
      }
    }

    box.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-value]");
      if (link) {
        event.preventDefault();
        chooseArea(form, areaName, link.getAttribute("data-value"));
        box.querySelectorAll("a[data-value]").forEach(function (a) {
          a.setAttribute("aria-current", a === link ? "true" : "false");
        });
      }
      // A click from the keyboard (Enter on an area link) has no position: it chooses the area only.
      if (input && svg.contains(event.target) && event.detail > 0) {
        var place = toLatLon(svg, event);
        input.value = place.lat.toFixed(6) + "," + place.lon.toFixed(6);
        setMarker(svg, place.x, place.y);
        if (status) { status.textContent = status.getAttribute("data-marked") || "\u2713"; }
      }
    });
    var clear = box.querySelector("[data-point-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        if (input) { input.value = ""; }
        var marker = svg.querySelector("circle.map-marker");
        if (marker) { marker.remove(); }
        if (status) { status.textContent = status.getAttribute("data-cleared") || ""; }
      });
    }
  });
})();
