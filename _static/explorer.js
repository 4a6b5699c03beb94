/* The ISKP book's event explorer: the events of the dataset on a map and in a list, with
   filters. Its data (window.ISKP_EVENTS, window.ISKP_BOUNDARIES) are written from the
   validated dataset at every build (lib/iskp/web.py, tools/book_ext.py); the map is drawn with
   the vendored Leaflet, from the book's own boundaries only: no tiles, no request outside the
   book. Loaded on the explorer page only. */
(function () {
  "use strict";

  var root = document.getElementById("iskp-explorer");
  if (!root) return;
  var DATA = window.ISKP_EVENTS;
  var BOUNDS = window.ISKP_BOUNDARIES;
  if (!DATA || !BOUNDS || typeof L === "undefined") {
    root.textContent = "The explorer's data did not load; the register lists every event.";
    return;
  }

  var events = DATA.events;
  var byId = {};
  events.forEach(function (e) { byId[e.id] = e; });
  var register = root.getAttribute("data-register") || DATA.register;

  // ---- small DOM helpers ------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function options(select, entries) {
    entries.forEach(function (kv) { select.appendChild(el("option", { value: kv[0], text: kv[1] })); });
    return select;
  }
  function labelled(text, control) {
    return el("label", {}, [el("span", { text: text }), control]);
  }
  function sorted(obj) {
    return Object.keys(obj).sort(function (a, b) {
      var x = (obj[a].label || obj[a]), y = (obj[b].label || obj[b]);
      return x.localeCompare(y);
    });
  }
  function safeUrl(u) { return /^https?:\/\//.test(u) ? u : null; }

  // ---- filters ----------------------------------------------------------------------------
  var years = events.map(function (e) { return e.year; });
  var first = Math.min.apply(null, years), last = Math.max.apply(null, years);
  var yearList = [];
  for (var y = first; y <= last; y++) yearList.push([String(y), String(y)]);

  var f = {
    from: options(el("select", { name: "from" }), yearList),
    to: options(el("select", { name: "to" }), yearList),
    cls: options(el("select", { name: "class" }), [["", "all classes"]].concat(
      sorted(DATA.classes).map(function (c) { return [c, DATA.classes[c].label]; }))),
    theme: options(el("select", { name: "theme" }), [["", "all themes"]].concat(
      sorted(DATA.themes).map(function (t) { return [t, DATA.themes[t].label]; }))),
    country: options(el("select", { name: "country" }), [["", "all countries"]].concat(
      sorted(DATA.countries).map(function (c) { return [c, DATA.countries[c]]; }))),
    doubt: el("input", { type: "checkbox", name: "doubt" }),
  };
  f.from.value = String(first);
  f.to.value = String(last);
  var reset = el("button", { type: "button", class: "iskp-x-reset", text: "reset" });
  var form = el("form", { class: "iskp-x-filters", "aria-label": "filters" }, [
    labelled("from", f.from), labelled("to", f.to), labelled("class", f.cls),
    labelled("theme", f.theme), labelled("country", f.country),
    el("label", { class: "iskp-x-check" }, [f.doubt, el("span", { text: "include doubtful events" })]),
    reset,
  ]);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });

  var status = el("p", { class: "iskp-x-status", role: "status", "aria-live": "polite" });
  var mapBox = el("div", { class: "iskp-x-map", id: "iskp-x-map", role: "region",
    "aria-label": "map of the events shown" });
  var legend = el("ul", { class: "iskp-x-legend", "aria-label": "colours of the event classes" });
  var list = el("ol", { class: "iskp-x-list", "aria-label": "events shown" });
  var listBox = el("div", { class: "iskp-x-listbox" }, [list]);
  root.textContent = "";
  root.appendChild(form);
  root.appendChild(status);
  root.appendChild(el("div", { class: "iskp-x-main" }, [
    el("div", { class: "iskp-x-mapcol" }, [mapBox, legend]), listBox,
  ]));

  // ---- legend: one entry per colour (classes sharing a colour share an entry) --------------
  var byColour = {};
  Object.keys(DATA.classes).forEach(function (c) {
    var k = DATA.classes[c].colour;
    (byColour[k] = byColour[k] || []).push(DATA.classes[c].label);
  });
  Object.keys(byColour).forEach(function (colour) {
    var swatch = el("span", { class: "iskp-x-swatch" });
    swatch.style.background = colour;
    legend.appendChild(el("li", {}, [swatch, byColour[colour].join(", ")]));
  });
  legend.appendChild(el("li", {}, [el("span", { class: "iskp-x-swatch iskp-x-swatch-doubt" }),
    "doubtful scope (dashed)"]));
  legend.appendChild(el("li", { text: "a larger dot: several events at one point" }));

  // ---- details of one event ---------------------------------------------------------------
  function details(e) {
    var box = el("div", { class: "iskp-x-detail", "data-id": e.id });
    var head = el("p", { class: "iskp-x-detail-head" }, [
      el("a", { href: register + "#" + e.id, class: "iskp-x-permalink",
        title: "this event in the register", text: e.id }),
      " " + e.date,
    ]);
    box.appendChild(head);
    var dl = el("dl");
    [["class", DATA.classes[e.class].label + (e.doubt ? " (doubtful scope)" : "")],
     ["place", e.place], ["killed", e.killed], ["claimed", e.claimed],
     ["attribution", e.attribution]].forEach(function (kv) {
      dl.appendChild(el("dt", { text: kv[0] }));
      dl.appendChild(el("dd", { text: kv[1] }));
    });
    box.appendChild(dl);
    var ul = el("ul", { class: "iskp-x-sources", "aria-label": "sources" });
    e.sources.forEach(function (i) {
      var s = DATA.sources[i], url = safeUrl(s[1]);
      ul.appendChild(el("li", {}, [url ? el("a", { href: url, text: s[0] }) : s[0]]));
    });
    box.appendChild(el("p", { class: "iskp-x-sources-head", text: "sources (" + e.sources.length + "):" }));
    box.appendChild(ul);
    return box;
  }

  function popup(e) {
    var box = el("div", { class: "iskp-x-popup" }, [details(e)]);
    var others = (here[key(e)] || []).filter(function (id) { return id !== e.id; });
    if (others.length) {
      var ul = el("ul", { class: "iskp-x-others" });
      others.forEach(function (id) {
        var b = el("button", { type: "button", "data-id": id,
          text: id + " · " + byId[id].date + " · " + DATA.classes[byId[id].class].label });
        b.addEventListener("click", function () { select(id, "map"); });
        ul.appendChild(el("li", {}, [b]));
      });
      box.appendChild(el("p", { class: "iskp-x-sources-head",
        text: others.length + " other event" + (others.length > 1 ? "s" : "") + " shown at this point:" }));
      box.appendChild(ul);
    }
    return box;
  }

  // ---- map --------------------------------------------------------------------------------
  var map = L.map(mapBox, { zoomSnap: 0.5, minZoom: 2, maxZoom: 11, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth · drawn with Leaflet");
  map.createPane("boundaries").style.zIndex = 350;
  var styles = {
    world: { color: "#b9b9b9", weight: 0.6, fillColor: "#f4f4f2", fillOpacity: 1 },
    region: { color: "#8c8c8c", weight: 0.8, fillColor: "#ecebe6", fillOpacity: 1 },
    afg_provinces: { color: "#9d9d9d", weight: 0.6, fillColor: "#e4e2da", fillOpacity: 1 },
    pak_provinces: { color: "#9d9d9d", weight: 0.6, fillColor: "#e4e2da", fillOpacity: 1 },
  };
  L.geoJSON(BOUNDS, {
    pane: "boundaries", interactive: false,
    style: function (feat) { return styles[feat.properties.layer] || styles.world; },
  }).addTo(map);
  map.fitBounds(DATA.view);

  var markers = {};
  var pointLayer = L.layerGroup().addTo(map);
  var here = {};  // "lat,lon" -> IDs of the events shown at that point
  function key(e) { return e.lat + "," + e.lon; }
  events.forEach(function (e) {
    if (e.lat === null || e.lon === null) return;
    var m = L.circleMarker([e.lat, e.lon], {
      radius: 6, weight: 1.2, color: "#ffffff", fillColor: DATA.classes[e.class].colour,
      fillOpacity: 0.85, dashArray: e.doubt ? "2 2" : null, className: "iskp-x-point",
    });
    m.bindTooltip(function () {
      var n = (here[key(e)] || []).length;
      return e.id + " · " + e.date + " · " + e.place
        + (n > 1 ? " (" + n + " events shown at this point)" : "");
    }, { direction: "top", offset: [0, -4] });
    m.on("click", function () { select(e.id, "map"); });
    m.on("add", function () { m.getElement().setAttribute("data-id", e.id); });
    markers[e.id] = m;
  });
  function radius(id) {
    // several events at one point (a town centre) make one larger dot
    var n = (here[key(byId[id])] || []).length;
    return 5 + Math.min(7, 1.6 * Math.sqrt(Math.max(0, n - 1)));
  }

  // ---- list and filtering -----------------------------------------------------------------
  var rows = {};
  events.forEach(function (e) {
    var swatch = el("span", { class: "iskp-x-swatch" });
    swatch.style.background = DATA.classes[e.class].colour;
    var button = el("button", { type: "button", class: "iskp-x-row", "aria-expanded": "false",
      "data-id": e.id }, [
      swatch,
      el("span", { class: "iskp-x-row-date", text: e.date }),
      el("span", { class: "iskp-x-row-place", text: e.place }),
      el("span", { class: "iskp-x-row-what",
        text: e.id + " · " + DATA.classes[e.class].label + " · killed " + e.killed + (e.doubt ? " · doubtful" : "")
          + (e.lat === null ? " · no map point" : "") }),
    ]);
    button.addEventListener("click", function () { select(e.id, "list"); });
    button.addEventListener("mouseenter", function () { emphasise(e.id, true); });
    button.addEventListener("mouseleave", function () { emphasise(e.id, false); });
    rows[e.id] = el("li", { "data-id": e.id }, [button]);
  });

  function matches(e, q) {
    return e.year >= q.from && e.year <= q.to
      && (!q.cls || e.class === q.cls)
      && (!q.theme || e.themes.indexOf(q.theme) >= 0)
      && (!q.country || e.country === q.country)
      && (q.doubt || !e.doubt);
  }
  function query() {
    var a = Number(f.from.value), b = Number(f.to.value);
    return { from: Math.min(a, b), to: Math.max(a, b), cls: f.cls.value, theme: f.theme.value,
      country: f.country.value, doubt: f.doubt.checked };
  }

  var shown = [];
  function update() {
    var q = query();
    shown = events.filter(function (e) { return matches(e, q); });
    list.textContent = "";
    pointLayer.clearLayers();
    here = {};
    var onMap = 0;
    shown.forEach(function (e) {
      list.appendChild(rows[e.id]);
      if (markers[e.id]) { (here[key(e)] = here[key(e)] || []).push(e.id); onMap++; }
    });
    shown.forEach(function (e) {
      if (markers[e.id]) { pointLayer.addLayer(markers[e.id]); emphasise(e.id, false); }
    });
    var left = q.doubt ? 0 : events.filter(function (e) {
      return e.doubt && matches(e, Object.assign({}, q, { doubt: true }));
    }).length;
    root.setAttribute("data-shown", String(shown.length));
    status.textContent = shown.length + " of " + events.length + " events shown, " + q.from
      + "–" + q.to + "; " + onMap + " on the map (" + (shown.length - onMap)
      + " located only to a province or country are listed, not mapped)"
      + (q.doubt ? "; doubtful events included." : "; " + left
        + " doubtful events left out (tick \u201cinclude doubtful events\u201d).");
    if (current && !shown.some(function (e) { return e.id === current; })) close();
  }

  // ---- selection: a row opens its details under it, a point opens them in a popup ---------
  var current = null;
  function emphasise(id, on) {
    var m = markers[id];
    if (!m || !pointLayer.hasLayer(m)) return;
    var strong = on || id === current;
    m.setStyle({ radius: radius(id) + (strong ? 3 : 0), color: strong ? "#000000" : "#ffffff",
      weight: strong ? 2 : 1.2 });
    if (strong) m.bringToFront();
  }
  function close() {
    if (!current) return;
    var row = rows[current];
    var open = row.querySelector(".iskp-x-detail");
    if (open) row.removeChild(open);
    row.firstChild.setAttribute("aria-expanded", "false");
    row.classList.remove("iskp-x-selected");
    var was = current;
    current = null;
    emphasise(was, false);
    map.closePopup();
  }
  function select(id, from) {
    if (current === id && from === "list") { close(); return; }
    close();
    current = id;
    var e = byId[id], row = rows[id];
    row.classList.add("iskp-x-selected");
    row.firstChild.setAttribute("aria-expanded", "true");
    row.appendChild(details(e));
    emphasise(id, true);
    var m = markers[id];
    if (from === "map") {
      listBox.scrollTop = row.offsetTop - 8;  // the list scrolls in its box, not the page
      if (m) m.bindPopup(popup(e), { maxWidth: 280, autoPanPadding: [16, 16] }).openPopup();
    } else if (m) {
      if (!map.getBounds().contains(m.getLatLng())) map.panTo(m.getLatLng());
    }
  }

  [f.from, f.to, f.cls, f.theme, f.country, f.doubt].forEach(function (c) {
    c.addEventListener("change", update);
  });
  reset.addEventListener("click", function () {
    f.from.value = String(first); f.to.value = String(last);
    f.cls.value = f.theme.value = f.country.value = "";
    f.doubt.checked = false;
    update();
  });
  map.on("popupclose", function () {
    if (current) emphasise(current, true);
  });
  update();
  root.classList.add("iskp-x-ready");
})();
