// Clickable maps on survey pages and the incident form. Progressive enhancement only: without
// this file the maps stay hidden and the ordinary area list and place description work as before.
//
// A box `.map-select[data-map-for=NAME]` holds an SVG drawn by analysis.geo.render_svg, or names
// it in `data-map-src` (survey pages: the map is fetched once and cached, not repeated per page).
// Until the SVG is in place the box stays hidden, so a failed fetch leaves the plain fields.
// Clicking an area link chooses it in the form's field NAME (radio buttons or a select).
// With `data-point-for=POINT` a click also stores "lat,lon" in the hidden input POINT, and
// the area goes to the select named by `data-area-for` (default "POINT-area").
// Keyboard users press the `[data-point-keyboard]` button: it puts a mark in the middle of
// the chosen area (or of the map) and, while the button has focus, the arrow keys move the
// mark (Shift for small steps); the status line says in which area the mark now lies.
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

  // The SVG of `src`, put into `box` before its first control (after the hint), then `done`.
  function loadMap(box, src, done) {
    fetch(src, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (text) {
      var parsed = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      if (!parsed || parsed.namespaceURI !== SVG_NS) { return; }
      var svg = document.importNode(parsed, true);
      box.insertBefore(svg, box.querySelector("button") || null);
      done(svg);
    }).catch(function () { /* the ordinary fields still work */ });
  }

  function setUp(box, svg) {
    var form = box.closest("form");
    var name = box.getAttribute("data-map-for");
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
    var keys = box.querySelector("[data-point-keyboard]");
    if (keys && input) {
      var view = (svg.getAttribute("viewBox") || "0 0 600 400").split(/[ ,]+/).map(Number);
      var markAt = function (x, y) {
        x = Math.min(Math.max(x, view[0]), view[0] + view[2]);
        y = Math.min(Math.max(y, view[1]), view[1] + view[3]);
        var p = projection(svg);
        var lon = p[0] + (x - p[3]) / (p[4] * p[2]);
        var lat = p[1] - (y - p[3]) / p[2];
        input.value = lat.toFixed(6) + "," + lon.toFixed(6);
        setMarker(svg, x, y);
        var area = areaAt(x, y);
        if (area) { chooseArea(form, areaName, area); }
        if (status) {
          var text = status.getAttribute("data-marked") || "\u2713";
          var inArea = status.getAttribute("data-marked-in");
          status.textContent = area && inArea ? inArea.replace("{area}", area) : text;
        }
      };
      // The area whose shape contains canvas point (x, y), if any.
      var areaAt = function (x, y) {
        var pt = svg.createSVGPoint();
        pt.x = x; pt.y = y;
        var found = null;
        box.querySelectorAll("a[data-value]").forEach(function (link) {
          var shape = link.querySelector("path, polygon");
          if (!found && shape && shape.isPointInFill && shape.isPointInFill(pt)) { found = link.getAttribute("data-value"); }
        });
        return found;
      };
      keys.addEventListener("click", function () {
        var marker = svg.querySelector("circle.map-marker");
        if (marker) { return; }
        var select = form.querySelector("select[name='" + areaName + "']");
        var chosen = select && select.value ? box.querySelector("a[data-value='" + CSS.escape(select.value) + "'] path") : null;
        var bounds = chosen ? chosen.getBBox() : { x: view[0], y: view[1], width: view[2], height: view[3] };
        markAt(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
      });
      keys.addEventListener("keydown", function (event) {
        var steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
        var step = steps[event.key];
        var marker = svg.querySelector("circle.map-marker");
        if (!step || !marker) { return; }
        event.preventDefault();
        var size = event.shiftKey ? 2 : 10;
        markAt(Number(marker.getAttribute("cx")) + step[0] * size, Number(marker.getAttribute("cy")) + step[1] * size);
      });
    }
    var clear = box.querySelector("[data-point-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        if (input) { input.value = ""; }
        var marker = svg.querySelector("circle.map-marker");
        if (marker) { marker.remove(); }
        if (status) { status.textContent = status.getAttribute("data-cleared") || ""; }
      });
    }
  }

  document.querySelectorAll(".map-select[data-map-for]").forEach(function (box) {
    var src = box.getAttribute("data-map-src");
    var svg = box.querySelector("svg");
    if (svg || !src) { setUp(box, svg); return; }
    loadMap(box, src, function (loaded) { setUp(box, loaded); });
  });
})();
