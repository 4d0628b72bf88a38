/* The public form's optional pin on the offline map of Viet Nam (cases/public/_pin_map.html).
 *
 * A click (or tap) on the map sets the hidden latitude and longitude inputs, draws the pin, and
 * asks the communes endpoint (the commune select's own options, with ?lat=&lon=) for the
 * commune whose centre is nearest: the province select and the commune select are then set to
 * it, and the map closes in on the province, its communes' centres drawn as dots (from the
 * options' data-x and data-y). Choosing a province in the list (the htmx swap of the commune
 * options) closes in on it too, and removes a pin placed before.
 *
 * The map is hidden until this script runs: without it the two lists place the matter, and
 * they are the keyboard's way to do what the map does. No inline script or style (CSP); the
 * texts come from the container's data attributes, rendered with gettext.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-pin-map]");
  var form = box && box.closest("form");
  var svg = box && box.querySelector("svg");
  if (!form || !svg || typeof svg.createSVGPoint !== "function") {
    return;
  }
  var data = box.dataset;
  var marker = svg.querySelector(".pin-marker");
  var dots = svg.querySelector("[data-pin-communes]");
  var SVG_NS = "http://www.w3.org/2000/svg";
  var status = box.querySelector("[data-pin-status]");
  var clear = box.querySelector("[data-pin-clear]");
  var latitude = form.querySelector("input[name=latitude]");
  var longitude = form.querySelector("input[name=longitude]");
  var province = form.querySelector("select[name=province]");
  var unit = form.querySelector("select[name=unit]");
  var west = parseFloat(data.west);
  var north = parseFloat(data.north);
  var xScale = parseFloat(data.xScale);
  var yScale = parseFloat(data.yScale);
  var fullWidth = parseFloat(data.fullWidth) || 400;
  var markerRadius = parseFloat(data.markerRadius) || 5;
  var dotRadius = parseFloat(data.dotRadius) || 1.6;
  var asked = 0;

  function say(text) {
    status.textContent = text || "";
  }

  function scaled(radius) {
    return (radius * svg.viewBox.baseVal.width / fullWidth).toFixed(2);
  }

  function resize() {
    marker.setAttribute("r", scaled(markerRadius));
    var r = scaled(dotRadius);
    Array.prototype.forEach.call(dots.children, function (dot) {
      dot.setAttribute("r", r);
    });
  }

  function zoom(viewBox) {
    if (viewBox && viewBox !== svg.getAttribute("viewBox")) {
      svg.setAttribute("viewBox", viewBox);
      resize();
    }
  }

  function markChosen() {
    Array.prototype.forEach.call(dots.children, function (dot) {
      dot.classList.toggle("is-chosen", dot.getAttribute("data-unit") === unit.value);
    });
  }

  // The communes of the province in the select, as dots (a <title> names each).
  function drawDots() {
    while (dots.firstChild) {
      dots.removeChild(dots.firstChild);
    }
    var r = scaled(dotRadius);
    Array.prototype.forEach.call(unit.options, function (option) {
      if (!option.value || !option.dataset.x) {
        return;
      }
      var dot = document.createElementNS(SVG_NS, "circle");
      dot.setAttribute("cx", option.dataset.x);
      dot.setAttribute("cy", option.dataset.y);
      dot.setAttribute("r", r);
      dot.setAttribute("data-unit", option.value);
      var title = document.createElementNS(SVG_NS, "title");
      title.textContent = option.text;
      dot.appendChild(title);
      dots.appendChild(dot);
    });
    markChosen();
  }

  function removePin() {
    asked += 1; // an answer still on its way is no longer wanted
    latitude.value = "";
    longitude.value = "";
    marker.classList.add("is-empty");
    clear.hidden = true;
  }

  function choose(html) {
    var holder = document.createElement("select");
    holder.innerHTML = html;
    var first = holder.options[0];
    if (!first || !first.dataset.picked) {
      removePin();
      say(data.textOutside);
      return;
    }
    if (province && province.value !== first.dataset.province) {
      province.value = first.dataset.province;
    }
    unit.innerHTML = html;
    unit.value = first.dataset.picked;
    zoom(first.dataset.viewBox);
    drawDots();
    var chosen = unit.options[unit.selectedIndex];
    say(data.textPicked.replace("{name}", chosen ? chosen.text : ""));
  }

  function lookUp(lat, lon) {
    asked += 1;
    var ticket = asked;
    var url = data.communesUrl + "?lat=" + encodeURIComponent(lat) + "&lon=" + encodeURIComponent(lon);
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (ticket === asked) {
          choose(html);
        }
      })
      .catch(function () {
        if (ticket === asked) {
          say(data.textFailed);
        }
      });
  }

  svg.addEventListener("click", function (event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) {
      return;
    }
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var at = point.matrixTransform(matrix.inverse());
    var lat = (north - at.y / yScale).toFixed(5);
    var lon = (west + at.x / xScale).toFixed(5);
    marker.setAttribute("cx", at.x.toFixed(2));
    marker.setAttribute("cy", at.y.toFixed(2));
    marker.classList.remove("is-empty");
    clear.hidden = false;
    latitude.value = lat;
    longitude.value = lon;
    lookUp(lat, lon);
  });

  clear.addEventListener("click", function () {
    removePin();
    say(data.textRemoved);
  });

  // The province chosen in the list: its communes arrive by htmx; close in on the province.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target === unit) {
      var first = unit.options[0];
      zoom(first && first.dataset.viewBox);
      drawDots();
      if (latitude.value) {
        removePin();
        say(data.textProvince);
      }
    }
  });

  unit.addEventListener("change", markChosen);

  box.hidden = false;
})();
