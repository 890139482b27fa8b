// The Sidelines dashboard: plain DOM, no framework, no network beyond this server.
// Text from the store is only ever inserted as text nodes, never as HTML.
"use strict";

const RTL = new Set(["ar", "fa", "ur", "he"]);
const SVG_NS = "http://www.w3.org/2000/svg";
const view = document.getElementById("view");

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function getJSON(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || body.detail || `${r.status} ${r.statusText}`);
  return body;
}

function who(p) {
  const name = p.name || p.native_name;
  return name ? `${name} (${p.party || "?"})` : (p.party || "?");
}

function where(loc) {
  return loc ? [loc.city, loc.country].filter(Boolean).join(", ") : "";
}

function params(obj) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) {
    if (Array.isArray(v)) v.filter(Boolean).forEach((x) => q.append(k, x));
    else if (v) q.set(k, v);
  }
  return q.toString();
}

// ---- events table -------------------------------------------------------------------------------------
const FILTERS = ["party", "person", "type", "since", "until", "occasion"];

function readFilters(hashQuery) {
  const q = new URLSearchParams(hashQuery || "");
  const f = {};
  for (const k of FILTERS) f[k] = k === "party" ? q.getAll("party") : (q.get(k) || "");
  f.offset = Number(q.get("offset") || 0);
  return f;
}

async function showEvents(hashQuery) {
  const f = readFilters(hashQuery);
  const input = (name, label, value, extra) =>
    el("label", {}, label, el("input", Object.assign({ name, value: value || "", "data-filter": name }, extra || {})));
  const types = ["", "meeting", "phone_call", "visit", "conference", "membership"];
  const form = el("form", { class: "filters", id: "filters", onsubmit: (ev) => {
      ev.preventDefault();
      const data = new FormData(ev.target);
      const next = {};
      for (const k of FILTERS) next[k] = k === "party" ? String(data.get("party") || "").split(/[ ,]+/).map((s) => s.toUpperCase()) : data.get(k);
      location.hash = "#/?" + params(next);
    } },
    input("party", "Parties (SYR, OIC …)", f.party.join(" "), { size: 12 }),
    input("person", "Person", f.person, { size: 16 }),
    el("label", {}, "Type", el("select", { name: "type", "data-filter": "type" },
      types.map((t) => el("option", { value: t, selected: t === f.type }, t || "any")))),
    input("since", "Since", f.since, { type: "date" }),
    input("until", "Until", f.until, { type: "date" }),
    input("occasion", "Occasion", f.occasion, { size: 16 }),
    el("button", { type: "submit", id: "apply" }, "Filter"));
  const status = el("p", { class: "muted" }, "Loading…");
  const tbody = el("tbody");
  const table = el("table", { id: "events" },
    el("thead", {}, el("tr", {}, ["Date", "Type", "Participants", "Where", "Occasion", "Sources"].map((h) => el("th", {}, h)))),
    tbody);
  const pager = el("div", { class: "pager" });
  view.replaceChildren(el("h1", {}, "Events"), form, status, table, pager);
  try {
    const data = await getJSON("/events?" + params(Object.assign({}, f, { limit: 50, offset: f.offset || "" })));
    status.textContent = `${data.total} events`;
    for (const e of data.items) {
      const sources = new Set(e.evidence.map((v) => v.doc_id)).size;
      tbody.append(el("tr", { class: "event-row", "data-id": e.id, onclick: () => { location.hash = `#/event/${encodeURIComponent(e.id)}`; } },
        el("td", {}, e.date || ""), el("td", {}, e.type), el("td", {}, e.participants.map(who).join("; ")),
        el("td", {}, where(e.location)), el("td", {}, e.occasion ? e.occasion.name : ""), el("td", {}, sources)));
    }
    const page = (offset) => { location.hash = "#/?" + params(Object.assign({}, f, { offset })); };
    if (f.offset > 0) pager.append(el("button", { onclick: () => page(Math.max(0, f.offset - 50)) }, "← Previous"));
    if (f.offset + 50 < data.total) pager.append(el("button", { onclick: () => page(f.offset + 50) }, "Next →"));
  } catch (err) {
    status.replaceChildren(el("span", { class: "error" }, String(err.message)));
  }
}

// ---- one event ----------------------------------------------------------------------------------------
function highlighted(text, marks) {
  // marks: [{start, end, cls}] over text; overlapping marks keep the first
  const spans = marks.filter((m) => m.start >= 0 && m.end > m.start).sort((a, b) => a.start - b.start);
  const out = [];
  let pos = 0;
  for (const m of spans) {
    if (m.start < pos) continue;
    out.push(document.createTextNode(text.slice(pos, m.start)));
    out.push(el("mark", { class: m.cls }, text.slice(m.start, m.end)));
    pos = m.end;
  }
  out.push(document.createTextNode(text.slice(pos)));
  return out;
}

function marksFor(v, e) {
  const marks = [];
  const find = (needle, cls) => {
    if (!needle) return;
    let i = v.text.indexOf(needle);
    while (i >= 0) { marks.push({ start: i, end: i + needle.length, cls }); i = v.text.indexOf(needle, i + needle.length); }
  };
  for (const p of e.participants) {
    for (const name of new Set([p.native_name, p.name].filter(Boolean))) {
      if (v.text.includes(name)) find(name, "name");
      else {   // the sentence may name the person by surname only ("الوزير المقداد")
        const last = name.split(/\s+/).pop();
        if (last && last.length >= 3) find(last, "name");
      }
    }
  }
  find(v.trigger, "trigger");
  return marks;
}

async function showEvent(id) {
  view.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  let e;
  try { e = await getJSON(`/events/${encodeURIComponent(id)}`); } catch (err) {
    view.replaceChildren(el("p", { class: "error" }, String(err.message))); return;
  }
  const facts = el("dl", { class: "facts" },
    el("dt", {}, "Type"), el("dd", {}, e.type),
    el("dt", {}, "Date"), el("dd", {}, [e.date, e.date_end].filter(Boolean).join(" – ") || "unknown"),
    el("dt", {}, "Where"), el("dd", {}, where(e.location) || "unknown"),
    el("dt", {}, "Occasion"), el("dd", {}, e.occasion ? e.occasion.name : "—",
      e.occasion && e.occasion.event_id ? el("a", { href: `#/event/${encodeURIComponent(e.occasion.event_id)}` }, " (the gathering)") : null),
    el("dt", {}, "Topics"), el("dd", {}, e.topics.join(", ") || "—"),
    el("dt", {}, "Confidence"), el("dd", {}, e.confidence));
  const people = el("ul", {}, e.participants.map((p) => el("li", {},
    p.actor_id ? el("a", { href: `#/actor/${encodeURIComponent(p.actor_id)}` }, who(p)) : who(p),
    p.role ? ` — ${p.role}` : "", p.side ? ` (${p.side})` : "",
    p.native_name && p.name && p.native_name !== p.name ? el("span", { class: "muted", dir: "auto" }, ` as written: ${p.native_name}`) : null)));
  const evidence = e.evidence.map((v) => el("div", {},
    el("p", { class: "evidence", dir: RTL.has(v.lang) ? "rtl" : "ltr", lang: v.lang, "data-doc": v.doc_id }, highlighted(v.text, marksFor(v, e))),
    el("p", { class: "evidence-meta" }, `${v.doc_id}, characters ${v.start}–${v.end}`,
      (e.copies && e.copies[v.doc_id] && e.copies[v.doc_id].length > 1) ? `; also published as ${e.copies[v.doc_id].filter((c) => c !== v.doc_id).join(", ")}` : "")));
  const linked = (e.sideline_events || []).length ? [el("h2", {}, "On its sidelines"), el("ul", {},
    e.sideline_events.map((s) => el("li", {}, el("a", { href: `#/event/${encodeURIComponent(s.id)}` }, `${s.date || ""} ${s.type}: ${s.participants.map(who).join("; ")}`))))] : [];
  view.replaceChildren(el("h1", {}, `${e.type}: ${e.participants.map(who).join(", ")}`), facts,
    el("h2", {}, "Participants"), people, el("h2", {}, `Evidence (${e.evidence.length})`), ...evidence, ...linked);
}

// ---- an actor: ego network and timeline -----------------------------------------------------------------
async function showActor(id) {
  let data;
  try { data = await getJSON(`/actors/${encodeURIComponent(id)}/timeline`); } catch (err) {
    view.replaceChildren(el("p", { class: "error" }, String(err.message))); return;
  }
  const counts = new Map();
  for (const e of data.events) for (const p of e.participants) {
    if (p.actor_id === id) continue;
    const key = p.actor_id || `${p.party}:${p.name || p.native_name || p.role || ""}`;
    const c = counts.get(key) || { label: who(p), n: 0, href: p.actor_id ? `#/actor/${encodeURIComponent(p.actor_id)}` : null };
    c.n += 1; counts.set(key, c);
  }
  const W = 560, H = 420, cx = W / 2, cy = H / 2, R = 160;
  const ego = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, id: "ego" });
  const others = [...counts.values()].sort((a, b) => b.n - a.n).slice(0, 24);
  others.forEach((o, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, others.length);
    const x = cx + R * Math.cos(a), y = cy + R * Math.sin(a);
    ego.append(svg("line", { x1: cx, y1: cy, x2: x, y2: y, stroke: "#8aa", "stroke-width": Math.min(8, 1 + o.n) }));
    const dot = svg("circle", { cx: x, cy: y, r: 6, fill: "#4a7bd0" }, svg("title", {}, `${o.label}: ${o.n}`));
    ego.append(dot, svg("text", { x: x + 8, y: y + 4 }, `${o.label} (${o.n})`));
  });
  ego.append(svg("circle", { cx, cy, r: 10, fill: "#d04a4a" }), svg("text", { x: cx + 12, y: cy + 4 }, data.name || id));
  const rows = data.events.map((e) => el("tr", { class: "event-row", onclick: () => { location.hash = `#/event/${encodeURIComponent(e.id)}`; } },
    el("td", {}, e.date || ""), el("td", {}, e.type), el("td", {}, e.participants.filter((p) => p.actor_id !== id).map(who).join("; ")),
    el("td", {}, where(e.location)), el("td", {}, e.occasion ? e.occasion.name : "")));
  view.replaceChildren(el("h1", {}, `${data.name || id} (${data.party || "?"})`), el("h2", {}, "Counterparts"), ego,
    el("h2", {}, `Timeline (${data.events.length})`),
    el("table", { id: "timeline" }, el("thead", {}, el("tr", {}, ["Date", "Type", "With", "Where", "Occasion"].map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
}

// ---- map -----------------------------------------------------------------------------------------------
async function showMap() {
  let places;
  try { places = await getJSON("/places"); } catch (err) {
    view.replaceChildren(el("p", { class: "error" }, String(err.message))); return;
  }
  const W = 900, H = 450;
  const x = (lon) => ((lon + 180) / 360) * W, y = (lat) => ((90 - lat) / 180) * H;
  const map = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, id: "map" });
  for (let lon = -180; lon <= 180; lon += 30) map.append(svg("line", { x1: x(lon), y1: 0, x2: x(lon), y2: H, stroke: "#eee" }));
  for (let lat = -60; lat <= 60; lat += 30) map.append(svg("line", { x1: 0, y1: y(lat), x2: W, y2: y(lat), stroke: "#eee" }));
  map.append(svg("line", { x1: 0, y1: y(0), x2: W, y2: y(0), stroke: "#ccc" }));
  const located = places.filter((p) => p.lat !== null);
  for (const p of located) {
    map.append(svg("circle", { cx: x(p.lon), cy: y(p.lat), r: 3 + 2 * Math.sqrt(p.events), fill: "rgba(208,74,74,.6)" },
      svg("title", {}, `${p.city}, ${p.country}: ${p.events}`)),
      svg("text", { x: x(p.lon) + 6, y: y(p.lat) - 4 }, p.city));
  }
  const unlocated = places.filter((p) => p.lat === null);
  view.replaceChildren(el("h1", {}, "Where meetings took place"), map,
    el("p", { class: "muted" }, "Longitude and latitude, equirectangular; each dot a city of the knowledge base, its size the number of events."),
    el("table", {}, el("thead", {}, el("tr", {}, ["City", "Country", "Events"].map((h) => el("th", {}, h)))),
      el("tbody", {}, places.map((p) => el("tr", {}, el("td", {}, p.city), el("td", {}, p.country || ""), el("td", {}, p.events))))),
    unlocated.length ? el("p", { class: "muted" }, `Not on the map (no coordinates): ${unlocated.map((p) => p.city).join(", ")}`) : "");
}

// ---- party network -------------------------------------------------------------------------------------
async function showNetwork() {
  let net;
  try { net = await getJSON("/network"); } catch (err) {
    view.replaceChildren(el("p", { class: "error" }, String(err.message))); return;
  }
  const W = 700, H = 700, cx = W / 2, cy = H / 2, R = 300;
  const nodes = net.nodes.slice().sort((a, b) => b.events - a.events);
  const pos = new Map(nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
    return [n.id, [cx + R * Math.cos(a), cy + R * Math.sin(a)]];
  }));
  const g = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, id: "network" });
  for (const e of net.edges) {
    const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
    g.append(svg("line", { x1, y1, x2, y2, stroke: "rgba(70,100,160,.35)", "stroke-width": Math.min(6, e.events) },
      svg("title", {}, `${e.source}–${e.target}: ${e.events} (${e.first || "?"} – ${e.last || "?"})`)));
  }
  for (const n of nodes) {
    const [x, y] = pos.get(n.id);
    const link = svg("a", { href: `#/?party=${encodeURIComponent(n.id)}` },
      svg("circle", { cx: x, cy: y, r: 4 + Math.sqrt(n.events), fill: "#4a7bd0" }), svg("text", { x: x + 8, y: y + 4 }, `${n.id} (${n.events})`));
    g.append(link);
  }
  view.replaceChildren(el("h1", {}, "Who meets whom"), g);
}

function route() {
  const hash = location.hash || "#/";
  const [path, query] = hash.slice(1).split("?");
  if (path.startsWith("/event/")) return showEvent(decodeURIComponent(path.slice(7)));
  if (path.startsWith("/actor/")) return showActor(decodeURIComponent(path.slice(7)));
  if (path === "/map") return showMap();
  if (path === "/network") return showNetwork();
  return showEvents(query);
}

window.addEventListener("hashchange", route);
route();
