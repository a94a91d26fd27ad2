// Brinkmanship's web client: one team's seat or the projector, speaking the LAN protocol
// (game/net/protocol.py, schema/frames.schema.json) to the host that served this page.
// Plain JavaScript, no build step, nothing fetched from anywhere but this host. Every
// text from the host is put on the page with textContent, never parsed as HTML.
"use strict";

const PROTOCOL = 1;
const HOST_TYPES = new Set(["welcome", "view", "public_view", "actor_view", "view_delta", "history_page", "error", "pong"]);
const SEAT_TAKEN = "is already connected"; // the host still holds our own dropped connection
const RECONNECT_MS = 120000;
const SVG = "http://www.w3.org/2000/svg";
// from calm to war, as in the window (game/ui/dashboard.py RUNG_COLOURS)
const RUNG_COLOURS = ["#2e604a", "#60682c", "#8c6218", "#a8461c", "#b22828"];

const state = {
  code: "", seat: "", pin: "", older: [], role: null, welcome: null, look: null, view: null, raw: null, viewsSeen: 0, ws: null,
  sentSeq: 0, sentOrders: [], sentSeal: false, local: null, // local: orders toggled here, not yet taken by the host
  receivedAt: 0, refused: false, joined: false, retryUntil: 0, retryWait: 500, mapKey: "",
};
// Every frame the host sent, as received (the tests compare them with what `brink join` receives).
window.brinkFrames = [];

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value); // never an inline handler
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function show(screen) {
  for (const id of ["join", "team", "projector"]) $(id).hidden = id !== screen;
  document.body.dataset.screen = screen;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// -- numbers and words ---------------------------------------------------------------------
function fmt(value) {
  return Math.abs(value - Math.round(value)) < 0.05 || Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function signed(delta) {
  if (Math.abs(delta) < 0.05) return "";
  const size = Math.abs(delta) < 1 ? Math.abs(delta).toFixed(1) : Math.abs(delta).toFixed(0);
  return (delta > 0 ? "+" : "\u2212") + size; // a sign as well as a colour
}

function roleName(id) {
  if (id === "all") return "everyone";
  if (id === "control") return "White cell";
  if (state.look && state.look.roles[id]) return state.look.roles[id].name;
  return state.look && state.look.actors && state.look.actors[id] ? state.look.actors[id] : id; // a playable actor
}

function clockText(seconds) {
  if (seconds === null || seconds === undefined) return "no limit";
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

// -- role chips: colour, shape and tag, so colour is never the only cue -------------------------
function shapeSvg(shape, colour, size = 18) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "-10 -10 20 20");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("aria-hidden", "true");
  let node;
  if (shape === "circle") {
    node = document.createElementNS(SVG, "circle");
    node.setAttribute("r", "8");
  } else if (shape === "square") {
    node = document.createElementNS(SVG, "rect");
    for (const [k, v] of [["x", -7.5], ["y", -7.5], ["width", 15], ["height", 15]]) node.setAttribute(k, v);
  } else {
    const points = {triangle: "0,-9 8.5,6.5 -8.5,6.5", hexagon: "8,0 4,7 -4,7 -8,0 -4,-7 4,-7"}[shape] || "0,-9 9,0 0,9 -9,0";
    node = document.createElementNS(SVG, "polygon");
    node.setAttribute("points", points);
  }
  node.setAttribute("fill", colour);
  node.setAttribute("stroke", "#0a0e12");
  node.setAttribute("stroke-width", "1.5");
  svg.append(node);
  return svg;
}

function chip(role) {
  const look = state.look && state.look.roles[role];
  const span = el("span", {class: "chip", title: roleName(role)});
  if (!look) { span.textContent = roleName(role); return span; } // control, or a playable actor (Ukraine)
  span.append(shapeSvg(look.shape, look.colour), el("span", {text: look.tag}));
  span.style.setProperty("--role", look.colour);
  return span;
}

// -- the connection ----------------------------------------------------------------------------
function socketUrl() {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
}

function connect() {
  const ws = new WebSocket(socketUrl());
  state.ws = ws;
  ws.onopen = () => {
    const hello = {type: "hello", protocol: PROTOCOL, code: state.code};
    if (state.seat) hello.seat = state.seat; // a team's laptop (a host with seats names one if left out)
    if (state.pin) hello.pin = state.pin;
    ws.send(JSON.stringify(hello));
  };
  ws.onmessage = (event) => {
    if (typeof event.data !== "string") return;
    window.brinkFrames.push(event.data);
    let frame;
    try { frame = JSON.parse(event.data); } catch (e) { return; }
    if (!frame || typeof frame !== "object" || !HOST_TYPES.has(frame.type)) {
      toast("The host sent something this page does not understand; it was skipped.");
      return;
    }
    // In the order they come, before anything waits: a view's update applies to the view before it.
    if (frame.type === "welcome") { state.raw = null; state.viewsSeen = 0; }
    if (frame.type === "view_delta") {
      frame = patchedView(frame);
      if (!frame) { send({type: "resync"}); return; } // we missed a frame: the whole view again, please
    }
    if (["view", "public_view", "actor_view"].includes(frame.type)) { state.raw = frame; state.viewsSeen += 1; }
    receive(frame);
  };
  ws.onclose = (event) => {
    if (state.ws !== ws) return;
    state.ws = null;
    // 1008 and friends: the host will not have us (wrong code, flooding); asking again would not help.
    if ([1002, 1003, 1007, 1008, 1009].includes(event.code) && !state.retryingSeat) state.refused = true;
    state.retryingSeat = false;
    if (state.refused || !state.joined || over()) return;
    reconnect();
  };
}

// -- views as what changed (game.play.delta, the same nodes in Python) --------------------------------------
// {"=": value} | {"{": {key: node}, "-": [keys]} | {"[": [id | {id, "~": node} | {"+": record}]}
function applyDelta(old, node) {
  if (node === null || node === undefined) return old;
  if ("=" in node) return node["="];
  if ("{" in node) {
    if (!old || typeof old !== "object" || Array.isArray(old)) throw new Error("not an object");
    const out = Object.assign({}, old);
    for (const [key, sub] of Object.entries(node["{"])) out[key] = applyDelta(old[key], sub);
    for (const key of node["-"] || []) delete out[key];
    return out;
  }
  if ("[" in node) {
    if (!Array.isArray(old)) throw new Error("not a list");
    const before = new Map(old.map((item) => [item.id, item]));
    return node["["].map((ref) => {
      if (ref && typeof ref === "object" && "+" in ref) return ref["+"];
      const key = ref && typeof ref === "object" ? ref.id : ref;
      if (!before.has(key)) throw new Error(`no record ${key}`);
      return ref && typeof ref === "object" ? applyDelta(before.get(key), ref["~"]) : before.get(key);
    });
  }
  throw new Error("an unknown delta node");
}

function patchedView(frame) {
  if (!state.raw || state.raw.type !== frame.of || frame.base !== state.viewsSeen) return null;
  try { return applyDelta(state.raw, frame.delta); } catch (e) { return null; }
}

function reconnect() {
  if (!state.retryUntil) { state.retryUntil = Date.now() + RECONNECT_MS; state.retryWait = 500; }
  if (Date.now() + state.retryWait > state.retryUntil) {
    link(`Lost the host. Reload the page to try again.`, "bad");
    return;
  }
  link("Reconnecting\u2026", "bad");
  setTimeout(connect, state.retryWait);
  state.retryWait = Math.min(2 * state.retryWait, 5000);
}

function link(text, kind) {
  for (const id of ["team-link"]) { const box = $(id); box.textContent = text; box.dataset.kind = kind; }
}

function over() {
  const view = state.view;
  return Boolean(view && (view.public ? view.public.over : view.over));
}

function send(frame) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) {
    toast("Not sent: the connection to the host is lost; reconnecting.");
    return false;
  }
  state.ws.send(JSON.stringify(frame));
  return true;
}

async function receive(frame) {
  if (frame.type === "welcome") {
    state.welcome = frame;
    state.role = frame.role;
    if (frame.seat) state.seat = frame.seat; // rejoin as the same seat
    state.sentSeq = 0; // a new connection: the host counts our orders frames from 0 again
    state.retryUntil = 0;
    if (!state.joined) {
      state.joined = true;
      try { sessionStorage.setItem("brink-code", state.code); } catch (e) { /* private mode */ }
      history.replaceState(null, "", location.pathname); // the code off the address bar (and the projector's screen)
      state.look = await fetchLook();
    }
    link("Connected", "good");
    return;
  }
  if (frame.type === "error") {
    if (frame.fatal && frame.error.includes(SEAT_TAKEN) && state.joined) { state.retryingSeat = true; return; }
    if (frame.fatal) {
      state.refused = true;
      if (!state.joined) { refuse(frame.error); return; }
      banner(`The host closed the connection: ${frame.error}`);
      link("Disconnected", "bad");
      return;
    }
    toast(frame.error);
    return;
  }
  if (frame.type === "history_page") { // older messages asked for (oldest first)
    const known = new Set(state.older.map((m) => m.id));
    state.older = [...frame.messages.filter((m) => !known.has(m.id)), ...state.older];
    if (state.view && state.view.type === "view") drawMessages($("messages"), allMessages(state.view), state.view.role);
    return;
  }
  if (frame.type === "view" || frame.type === "public_view" || frame.type === "actor_view") {
    await lookReady; // a playable actor's seat is shown the public screen (it talks from brink join --text)
    state.view = frame;
    state.receivedAt = performance.now();
    if (frame.type === "view") drawTeam(frame); else drawProjector(frame);
  }
}

let lookReady = Promise.resolve();
function fetchLook() {
  lookReady = fetch(`look.json?code=${encodeURIComponent(state.code)}`, {cache: "no-store"})
    .then((r) => (r.ok ? r.json() : null)).catch(() => null);
  return lookReady;
}

function refuse(error) {
  show("join");
  $("join-error").textContent = error === "wrong code" ? "Wrong code: check the slip and try again." : error;
  if (/pin/i.test(error)) $("pin-row").hidden = false; // the room has a PIN
  $("join-button").disabled = false;
  $("code").focus();
}

function banner(text) {
  for (const id of ["team-banner", "pj-banner"]) { $(id).textContent = text; $(id).hidden = !text; }
}

function join(code) {
  state.code = code.trim();
  state.seat = $("seat").value.trim().slice(0, 40);
  state.pin = $("pin").value.trim();
  state.refused = false;
  $("join-error").textContent = "";
  $("join-button").disabled = true;
  connect();
}

// -- the clock: the host's, counting down between its frames -----------------------------------------
// The host's clock as the frame carries it: {state, left} (a host that sends only seconds left runs it).
function hostClock(pub) {
  if (pub.clock_state) return pub.clock_state;
  return {state: pub.clock === null || pub.clock === undefined ? "off" : "running", left: pub.clock};
}

function clockLeft() {
  const view = state.view;
  if (!view) return null;
  const clock = hostClock(view.public || view);
  if (clock.left === null || clock.left === undefined) return null;
  if (clock.state !== "running") return clock.left; // paused, waiting for Start, expired: it stands still
  return Math.max(0, clock.left - (performance.now() - state.receivedAt) / 1000);
}

const CLOCK_WORDS = {paused: " (paused)", waiting: " (waiting for the white cell's start)", expired: " (time is up)"};

function tickClock() {
  const view = state.view;
  if (!view) return;
  const pub = view.public || view;
  const left = clockLeft();
  const text = pub.over ? "over" : clockText(left) + (left === null ? "" : CLOCK_WORDS[hostClock(pub).state] || "");
  const box = $(view.type === "view" ? "team-clock" : "pj-clock");
  if (box.textContent !== text) box.textContent = text;
  box.dataset.low = left !== null && left < 60 && !pub.over ? "yes" : "no";
}
setInterval(tickClock, 250);

// -- the team view ----------------------------------------------------------------------------------
function myOrders(view) {
  // The host's orders once it has taken the last ones sent from here; until then what we sent.
  if (view.orders.seq >= state.sentSeq) return {orders: view.orders.orders.slice(), sealed: view.orders.sealed};
  return {orders: state.sentOrders.slice(), sealed: state.sentSeal};
}

function drawTeam(view) {
  show("team");
  const obs = view.observation, pub = view.public;
  const look = state.look;
  $("team-chip").replaceChildren(chip(view.role));
  $("team-name").textContent = obs.role_name;
  $("team-title").textContent = state.welcome ? state.welcome.title : "";
  $("team-turn").textContent = `${capital(pub.turn_word)} ${Math.min(pub.turn, pub.turns)} of ${pub.turns} \u00b7 ${pub.date}`;
  document.title = `${obs.role_name} \u00b7 ${capital(pub.turn_word)} ${pub.turn} \u00b7 Brinkmanship`;
  banner(pub.over ? `The game is over: ${pub.ending || obs.ending || "ended"}.` : "");
  drawMap("team-map", view.role, `${pub.turn}:${view.report ? view.report.turn : 0}:${obs.variables.map((v) => v.value).join(",")}`);
  drawLadder($("team-ladder"), obs.variables, look);
  drawIndicators($("team-indicators"), obs.variables, look, view.report);
  drawOrders(view);
  drawThreats(view);
  drawReport($("team-report"), view.report, view.control, pub);
  drawMessages($("messages"), allMessages(view), view.role);
  drawSeats(view);
  fillTalk(view);
  tickClock();
}

function watching() {
  return Boolean(state.welcome && state.welcome.kind === "observer");
}

function allMessages(view) {
  // the view's window of the newest messages, after the older ones this page asked for
  const inView = new Set(view.messages.map((m) => m.id));
  const first = view.messages.length ? view.messages[0].id : Infinity;
  return [...state.older.filter((m) => !inView.has(m.id) && m.id < first), ...view.messages];
}

function drawSeats(view) {
  const seats = (view.public.seats || {})[view.role] || [];
  const box = $("team-seats");
  box.hidden = !seats.length;
  box.textContent = seats.length ? `Seats: ${seats.join(", ")}${state.seat ? ` \u00b7 you are ${state.seat}` : ""}` : "";
  const who = $("sealer");
  $("sealer-row").hidden = !seats.length || watching();
  if (seats.length) {
    const key = seats.join("\u0000");
    if (who.dataset.key !== key) {
      who.replaceChildren(el("option", {value: "", text: "any seat"}), ...seats.map((n) => el("option", {value: n, text: n})));
      who.dataset.key = key;
    }
    if (document.activeElement !== who) who.value = view.orders.sealer || "";
  }
  const older = (view.messages_before || 0) - state.older.length;
  $("older").hidden = older <= 0;
  $("older").textContent = `Show older messages (${older})`;
}

function drawMap(boxId, role, key) {
  if (state.mapKey === boxId + key) return;
  state.mapKey = boxId + key;
  fetch(`map.svg?code=${encodeURIComponent(state.code)}`, {cache: "no-store"})
    .then((r) => (r.ok ? r.text() : ""))
    .then((text) => {
      if (!text) return;
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const svg = doc.documentElement;
      if (svg.nodeName !== "svg") return;
      for (const script of svg.querySelectorAll("script, foreignObject")) script.remove();
      $(boxId).replaceChildren(document.importNode(svg, true));
    })
    .catch(() => {});
}

function ladderOf(variables, look) {
  if (!look || !look.ladder) return null;
  return variables.find((v) => v.id === look.ladder.id) || null;
}

function drawLadder(list, variables, look) {
  list.replaceChildren();
  const level = ladderOf(variables, look);
  if (!level) { list.append(el("li", {class: "muted", text: "No ladder in this scenario."})); return; }
  const rungs = look.ladder.rungs.length ? look.ladder.rungs : [[0, look.ladder.label]];
  rungs.slice().reverse().forEach(([at, name], i) => {
    const index = rungs.length - 1 - i;
    const here = name === level.rung;
    const colour = RUNG_COLOURS[Math.min(RUNG_COLOURS.length - 1, index)];
    const item = el("li", {class: here ? "rung here" : "rung", "aria-current": here ? "step" : null});
    item.style.setProperty("--rung", colour);
    item.append(el("span", {class: "at", text: `${fmt(at)}+`}), el("span", {class: "name", text: name}));
    if (here && level.value !== null) {
      const value = level.exact ? (Math.floor(level.value * 10) / 10).toFixed(1).replace(/\.0$/, "")
        : `~${fmt(level.value)} (${fmt(level.low)}\u2013${fmt(level.high)})`;
      item.append(el("span", {class: "value", text: value}), el("span", {class: "visually-hidden", text: " (now)"}));
    }
    list.append(item);
  });
}

function changesOf(report) {
  const out = {};
  if (!report) return out;
  for (const entry of report.entries) for (const c of entry.changes) out[c.var] = (out[c.var] || 0) + c.delta;
  return out;
}

function drawIndicators(table, variables, look, report) {
  table.replaceChildren();
  const changes = changesOf(report);
  const ladder = look && look.ladder ? look.ladder.id : null;
  for (const v of variables) {
    if (v.id === ladder && table.id !== "pj-indicators") continue;
    const [lo, hi] = look && look.ranges[v.id] ? look.ranges[v.id] : [0, 100];
    const span = (hi - lo) || 1;
    const pct = (x) => `${Math.max(0, Math.min(100, ((x - lo) / span) * 100)).toFixed(1)}%`;
    const gauge = el("div", {class: "gauge", "aria-hidden": "true"});
    let valueText, cls = "value";
    if (v.value === null || v.value === undefined) {
      valueText = "unknown"; cls = "value unknown";
    } else if (v.exact === false) {
      const range = el("div", {class: "range"});
      range.style.left = pct(v.low);
      range.style.width = `calc(${pct(v.high)} - ${pct(v.low)})`;
      const mid = el("div", {class: "mid"});
      mid.style.left = pct(v.value);
      gauge.append(range, mid);
      valueText = `~${fmt(v.value)} (${fmt(v.low)}\u2013${fmt(v.high)})`; cls = "value estimate";
    } else {
      const fill = el("div", {class: "fill"});
      fill.style.width = pct(v.value);
      gauge.append(fill);
      valueText = fmt(v.value);
    }
    const delta = v.exact !== false && v.value !== null ? signed(changes[v.id] || 0) : "";
    const tip = v.value === null ? "Unknown to you: no intelligence reaches you on this."
      : v.exact === false ? `Intelligence estimate: about ${fmt(v.value)}, 90% range ${fmt(v.low)}\u2013${fmt(v.high)} ${v.unit}`
      : `${fmt(v.value)} ${v.unit}${v.rung ? " \u00b7 " + v.rung : ""}`;
    const row = el("tr", {title: `${v.label}: ${tip}${v.description ? "\n" + v.description : ""}`},
      el("th", {scope: "row", text: v.label}), el("td", {class: "gauge-cell"}, gauge),
      el("td", {class: cls, text: valueText}),
      el("td", {class: delta.startsWith("+") ? "delta up" : "delta down", text: delta}));
    table.append(row);
  }
}

function drawOrders(view) {
  const obs = view.observation;
  const mine = myOrders(view);
  const chosen = state.local && state.local.turn === obs.turn ? state.local.orders : mine.orders;
  if (state.local && state.local.turn !== obs.turn) state.local = null;
  const cost = (id) => (obs.legal.find((a) => a.id === id) || {cost: 0}).cost;
  const spent = chosen.reduce((sum, id) => sum + cost(id), 0);
  $("budget").replaceChildren(
    el("span", {text: `Budget: ${spent} of ${obs.budget} spent`}),
    el("meter", {min: 0, max: Math.max(1, obs.budget), value: spent, "aria-hidden": "true"}));
  const box = $("orders");
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.action : null;
  box.replaceChildren();
  const groups = new Map();
  for (const action of obs.legal.slice().sort((a, b) => a.group_rank - b.group_rank)) {
    if (!groups.has(action.group)) groups.set(action.group, []);
    groups.get(action.group).push(action);
  }
  const locked = view.public.over || watching();
  const sealer = view.orders.sealer;
  const notMine = Boolean(sealer && state.seat && sealer !== state.seat);
  for (const [group, actions] of groups) {
    const set = el("fieldset", {class: "group"}, el("legend", {text: group || "Orders"}));
    for (const action of actions) {
      const on = chosen.includes(action.id);
      const tipId = `tip-${action.id}`;
      const input = el("input", {type: "checkbox", id: `order-${action.id}`, "data-action": action.id,
        "aria-describedby": tipId, checked: on, disabled: locked || (!on && spent + action.cost > obs.budget)});
      input.addEventListener("change", () => toggle(action.id, input.checked));
      input.addEventListener("keydown", (event) => { if (event.key === "Escape") row.classList.add("quiet"); });
      input.addEventListener("blur", () => row.classList.remove("quiet"));
      const effects = Object.entries(action.effects);
      const tip = el("div", {class: "tip", role: "tooltip", id: tipId},
        el("p", {text: action.description}),
        effects.length ? el("p", {class: "effects", text: "Expected: " + effects.map(([k, w]) => `${k} ${w}`).join("; ")}) : null,
        action.cite && action.cite.quote ? el("blockquote", {text: `\u201c${action.cite.quote}\u201d`}) : null,
        action.cite && action.cite.source ? el("p", {class: "source", text: `Source: ${action.cite.name || action.cite.source}`}) : null);
      const row = el("div", {class: on ? "order on" : "order"},
        input, el("label", {for: input.id}, el("span", {class: "name", text: action.label}),
          el("span", {class: "cost", text: action.cost ? `cost ${action.cost}` : "free"})), tip);
      set.append(row);
    }
    box.append(set);
  }
  if (!obs.legal.length) box.append(el("p", {class: "muted", text: "No orders open to you now."}));
  if (focused) { const again = box.querySelector(`[data-action="${CSS.escape(focused)}"]`); if (again) again.focus(); }
  const sealed = mine.sealed && !state.local;
  const seal = $("seal");
  seal.disabled = locked || notMine;
  seal.textContent = sealed ? "Sealed \u2713" : mine.sealed ? "Seal these orders instead" : "Seal orders";
  seal.classList.toggle("done", sealed);
  seal.setAttribute("aria-pressed", sealed ? "true" : "false");
  const waiting = view.public.waiting_for.filter((r) => r !== view.role).map(roleName);
  $("seal-state").textContent = watching() ? "You are watching this team's screen." : locked ? ""
    : notMine && !sealed ? `${sealer} seals for your team.` : sealed
    ? (waiting.length ? `Waiting for ${waiting.join(", ")}.` : "Every team has sealed.")
    : "Not sealed: the draft goes in if the clock runs out.";
}

function toggle(id, on) {
  const view = state.view;
  const obs = view.observation;
  const mine = myOrders(view);
  const current = state.local ? state.local.orders : mine.orders;
  const wanted = new Set(current);
  if (on) wanted.add(id); else wanted.delete(id);
  const orders = obs.legal.map((a) => a.id).filter((a) => wanted.has(a));
  if (mine.sealed) {
    state.local = {turn: obs.turn, orders}; // sealed orders change only by sealing again
    drawOrders(view);
    return;
  }
  sendOrders(orders, false);
}

function sendOrders(orders, seal) {
  const view = state.view;
  const frame = {type: "orders", turn: view.public.turn, orders, seal, seq: state.sentSeq + 1};
  if (!send(frame)) return;
  state.sentSeq += 1;
  state.sentOrders = orders.slice();
  state.sentSeal = seal;
  state.local = null;
  drawOrders(view);
}

function drawThreats(view) {
  const list = $("team-threats");
  list.replaceChildren();
  const obs = view.observation;
  const live = obs.threats.filter((t) => t.status !== "not declared");
  for (const t of live) {
    list.append(el("li", {}, chip(t.by), el("span", {text: ` ${t.kind === "red_line" ? "Red line" : "Threat"}: ${t.label}`}),
      el("span", {class: "muted", text: ` (${t.status}${t.due_turn ? `, due ${view.public.turn_word} ${t.due_turn}` : ""})`})));
  }
  if (!live.length) list.append(el("li", {class: "muted", text: "No threats or red lines declared yet."}));
  const demands = $("team-demands");
  demands.replaceChildren();
  for (const d of obs.demands.filter((x) => x.status !== "not made")) {
    demands.append(el("li", {}, chip(d.by), el("span", {text: ` Demand: ${d.label}`}),
      el("span", {class: "muted", text: ` (${d.status}, expires ${view.public.turn_word} ${d.expires_turn}${d.my_answer ? `; your answer: ${d.my_answer}` : ""})`})));
  }
}

function drawEntries(box, entries) {
  for (const e of entries) {
    const item = el("article", {class: `entry ${e.kind}`},
      el("h3", {}, e.role ? chip(e.role) : null, el("span", {text: ` ${e.headline}`})));
    if (e.text) item.append(el("p", {text: e.text}));
    if (e.changes.length) item.append(el("p", {class: "changes", text: e.changes.map((c) => `${c.label} ${signed(c.delta) || "\u00b10"}`).join(" \u00b7 ")}));
    if (e.quote) item.append(el("blockquote", {text: `\u201c${e.quote}\u201d`}));
    if (e.source) item.append(el("p", {class: "source", text: `Source: ${e.source_name || e.source}`}));
    box.append(item);
  }
}

function drawReport(box, report, control, pub) {
  box.replaceChildren();
  if (control && control.length) {
    box.append(el("h3", {class: "sub", text: `This ${pub.turn_word} so far`}));
    drawEntries(box, control);
  }
  if (!report) {
    box.append(el("p", {class: "muted", text: `The first report comes when ${pub.turn_word} 1 resolves.`}));
    return;
  }
  box.append(el("h3", {class: "sub", text: `${capital(pub.turn_word)} ${report.turn} \u00b7 ${report.date}`}));
  if (report.ending) box.append(el("p", {class: "ending", text: `Ending: ${report.ending}`}));
  drawEntries(box, report.entries);
}

function promiseVerb(done) {
  // the host's words (negotiation.PROMISE_VERBS); without the look (its fetch failed), the bare key
  const key = done ? "do" : "refrain";
  return (state.look && state.look.promise_verbs && state.look.promise_verbs[key]) || key;
}

// -- deals: "we will do these if you will do those, by week N" (game/play/negotiation.py) ---------------
function actionLabel(role, id) {
  const actions = (state.look && state.look.actions && state.look.actions[role]) || [];
  return (actions.find((a) => a.id === id) || {label: id}).label;
}

function termWords(role, terms) {
  // as Term.describe words them: “X”, or refrain from “X” (the verb from the host)
  return (terms || []).map((t) => `${t.do === false ? `${promiseVerb(false)} ` : ""}\u201c${actionLabel(role, t.ref)}\u201d`).join("; ") || "nothing";
}

function isProposal(st) {
  return Boolean(st) && (st.kind === "deal" || (st.kind === "reply" && st.verdict === "counter"));
}

// the deals and counters offered to this role that it may still answer (made this week, not answered), newest first
function openOffers(messages, me, turn) {
  const answered = new Set(messages.filter((m) => m.statement && m.statement.kind === "reply").map((m) => m.statement.deal));
  return messages.filter((m) => isProposal(m.statement) && m.statement.ref === me && m.turn === turn && !answered.has(m.id)).reverse();
}

function drawOffers(view) {
  const box = $("offers");
  const offers = watching() ? [] : openOffers(allMessages(view), view.role, view.public.turn);
  const key = offers.map((m) => m.id).join(",");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren();
  for (const m of offers) {
    const st = m.statement, name = roleName(m.sender);
    const head = st.kind === "reply" ? `#${m.id} ${name} counters your deal #${st.deal}` : `#${m.id} ${name} offers you a deal`;
    const words = `${name} will: ${termWords(m.sender, st.give)}. You will: ${termWords(view.role, st.ask)}. By ${view.public.turn_word} ${st.by_turn}.`;
    const answer = (verdict) => () => send({type: "say", to: "all", text: `(${verdict} deal #${m.id})`,
                                            statement: {kind: "reply", deal: m.id, verdict}});
    box.append(el("div", {class: "offer", "data-deal": String(m.id)},
      el("p", {class: "strong", text: head}), el("p", {text: words}),
      el("div", {class: "buttons"},
        el("button", {type: "button", class: "primary offer-accept", text: `Accept #${m.id}`, onclick: answer("accept")}),
        el("button", {type: "button", class: "offer-reject", text: `Reject #${m.id}`, onclick: answer("reject")}))));
  }
}

const deal = {give: [], ask: []}; // the terms of the deal being built here

function fillDeal(view) {
  const obs = view.observation;
  const withBox = $("deal-with");
  if (!withBox.options.length && state.look) {
    for (const role of Object.keys(state.look.roles)) if (role !== view.role) withBox.append(el("option", {value: role, text: roleName(role)}));
  }
  const fill = (select, role) => {
    const actions = (state.look && state.look.actions && state.look.actions[role]) || [];
    const key = role + ":" + actions.length;
    if (select.dataset.key === key) return;
    select.replaceChildren(...actions.map((a) => el("option", {value: a.id, text: a.label})));
    select.dataset.key = key;
  };
  fill($("deal-give"), view.role);
  fill($("deal-ask"), withBox.value);
  const by = $("deal-by");
  by.min = obs.turn; by.max = obs.turns;
  if (!by.value) by.value = Math.min(obs.turns, obs.turn + 1);
  drawDealTerms();
}

function drawDealTerms() {
  const list = $("deal-terms");
  list.replaceChildren();
  const partner = $("deal-with").value;
  for (const side of ["give", "ask"]) {
    deal[side].forEach((t, i) => {
      const who = side === "give" ? "You give" : `${roleName(partner)} gives`;
      list.append(el("li", {class: `term ${side}`}, el("span", {text: `${who}: ${termWords(side === "give" ? state.role : partner, [t])}`}),
        el("button", {type: "button", class: "link-button", text: "remove", "aria-label": "remove this term",
                      onclick: () => { deal[side].splice(i, 1); drawDealTerms(); }})));
    });
  }
  if (!deal.give.length && !deal.ask.length) list.append(el("li", {class: "muted", text: "Add what you give (your actions), what you ask (theirs), or both."}));
}

function addTerm(side) {
  const ref = $(`deal-${side}`).value;
  if (!ref) return;
  if (deal[side].some((t) => t.ref === ref)) { toast("That term is in the deal already."); return; }
  if (deal[side].length >= 4) { toast("A deal holds at most 4 terms on each side."); return; }
  deal[side].push({ref, do: !$(`deal-${side}-not`).checked});
  drawDealTerms();
}

function messageItem(m, me) {
  const open = m.to === "all" || m.leaked;
  const team = m.to === m.sender;
  const item = el("li", {class: `message${m.sender === me ? " mine" : ""}${m.statement ? " statement" : ""}`},
    el("div", {class: "meta"}, chip(m.sender),
      m.seat ? el("span", {class: "muted", text: ` ${m.seat}`}) : null,
      el("span", {text: team ? " to the team" : m.to === me ? " to you" : ` to ${roleName(m.to)}`}),
      el("span", {class: "muted", text: ` \u00b7 ${(m.time || "").slice(11, 16)}${open ? " \u00b7 public" : " \u00b7 private"}`})));
  if (m.statement) {
    // the host's words (frames.MessageRecord: Statement.describe, as the window and the terminal word it)
    const said = `${isProposal(m.statement) ? `#${m.id} ` : ""}${m.words || ""}`;
    const verdict = m.statement.verdict ? ` verdict-${m.statement.verdict}` : "";
    item.append(el("p", {class: `said${verdict}`, text: said}));
  }
  item.append(el("p", {class: "text", text: m.text}));
  if (m.leaked) item.append(el("p", {class: "leaked", text: `Leaked: ${m.leaked}`}));
  return item;
}

function drawMessages(list, messages, me) {
  // Only new messages are added (a screen reader then reads just those); anything else redraws the list.
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const keys = messages.map((m) => `${m.id}:${m.leaked || ""}`);
  const drawn = list.keys || [];
  const grows = drawn.length > 0 && drawn.length <= keys.length && drawn.every((k, i) => k === keys[i]);
  if (!grows) {
    list.replaceChildren();
    if (!messages.length) list.append(el("li", {class: "muted", text: "No messages yet."}));
  }
  for (const m of messages.slice(grows ? drawn.length : 0)) list.append(messageItem(m, me));
  list.keys = keys;
  if (atBottom || !grows) list.scrollTop = list.scrollHeight;
}

function fillTalk(view) {
  const to = $("say-to");
  $("say-form").hidden = watching();
  if (!to.options.length && state.look) {
    to.append(el("option", {value: "all", text: "everyone (public)"}));
    // a host with seats gives each team a private channel (a message to its own role)
    if (view.public.seats) to.append(el("option", {value: view.role, text: "your team only"}));
    for (const role of Object.keys(state.look.roles)) if (role !== view.role) to.append(el("option", {value: role, text: roleName(role)}));
    // students speaking for a playable actor read what is sent to it
    for (const actor of Object.keys(state.look.actors || {})) to.append(el("option", {value: actor, text: `${roleName(actor)} (played by students)`}));
  }
  fillRefs();
  fillDeal(view);
  drawOffers(view);
}

function fillRefs() {
  const view = state.view;
  if (!view || view.type !== "view") return;
  const kind = $("say-kind").value;
  const obs = view.observation;
  $("statement-row").hidden = !kind || kind === "deal";
  $("deal-builder").hidden = kind !== "deal";
  $("statement-note").hidden = !kind;
  $("commit-extra").hidden = kind !== "commitment";
  $("offer-extra").hidden = kind !== "offer";
  let options = [];
  if (kind === "threat" || kind === "red_line") {
    options = ((state.look && state.look.levers) || []).filter((t) => t.kind === kind)
      .map((t) => ({id: t.id, label: t.label}));
  }
  else if (kind === "commitment") options = obs.legal;
  else if (kind === "offer") options = obs.demands.filter((d) => d.to.includes(view.role) && d.status === "pending");
  const ref = $("say-ref");
  const before = ref.value;
  const key = kind + ":" + options.map((o) => o.id).join(",");
  if (ref.dataset.key !== key) {
    ref.replaceChildren(...options.map((o) => el("option", {value: o.id, text: o.label})));
    if (!options.length && kind && kind !== "deal") ref.append(el("option", {value: "", text: "nothing open to you"}));
    ref.dataset.key = key;
    if (options.some((o) => o.id === before)) ref.value = before;
  }
  const by = $("say-by");
  by.min = obs.turn; by.max = obs.turns;
  if (!by.value) by.value = Math.min(obs.turns, obs.turn + 1);
  if (kind) $("say-to").value = "all"; // a statement is always public
  $("say-to").disabled = Boolean(kind);
}

function say(event) {
  event.preventDefault();
  const kind = $("say-kind").value;
  let text = $("say-text").value;
  if (kind === "deal" && !text.trim()) text = `(a deal for ${roleName($("deal-with").value)})`;
  if (!text.trim()) { toast("Write something first."); return; }
  let statement = null;
  if (kind === "deal") {
    if (!deal.give.length && !deal.ask.length) { toast("Add a term first: what you give, what you ask, or both."); return; }
    statement = {kind, ref: $("deal-with").value, by_turn: Number($("deal-by").value), give: deal.give.slice(), ask: deal.ask.slice()};
  } else if (kind) {
    const ref = $("say-ref").value;
    if (!ref) { toast("Nothing to make that statement about."); return; }
    statement = {kind, ref};
    if (kind === "commitment") { statement.by_turn = Number($("say-by").value); statement.do = !$("say-refrain").checked; }
    if (kind === "offer") statement.answer = $("say-answer").value;
  }
  if (send({type: "say", to: kind ? "all" : $("say-to").value, text, statement})) {
    $("say-text").value = "";
    $("say-kind").value = "";
    deal.give = []; deal.ask = [];
    fillRefs();
    drawDealTerms();
  }
}

// -- the projector ----------------------------------------------------------------------------------
function drawProjector(view) {
  show("projector");
  // a projector fits the screen; an actor's seat is read close up and scrolls, its messages and form in view
  document.body.classList.toggle("projector", view.type !== "actor_view");
  $("pj-title").textContent = state.welcome ? state.welcome.title : "Brinkmanship";
  $("pj-turn").textContent = `${capital(view.turn_word)} ${Math.min(view.turn, view.turns)} of ${view.turns} \u00b7 ${view.date}`;
  document.title = `Projector \u00b7 ${capital(view.turn_word)} ${view.turn} \u00b7 Brinkmanship`;
  banner(view.over ? `The game is over: ${view.ending || "ended"}.` : "");
  drawMap("pj-mapbox", "projector", "public");
  const vars = view.variables.map((v) => ({...v, exact: true}));
  drawLadder($("pj-ladder"), vars, state.look);
  drawIndicators($("pj-indicators"), vars.filter((v) => !state.look || !state.look.ladder || v.id !== state.look.ladder.id), state.look,
    {entries: view.headlines});
  const teams = $("pj-teams");
  teams.replaceChildren();
  for (const role of Object.keys(state.look ? state.look.roles : {})) {
    const sealed = view.sealed.includes(role), online = view.connected.includes(role);
    const person = state.look.people.includes(role);
    teams.append(el("li", {class: sealed ? "sealed" : ""}, chip(role), el("span", {text: ` ${roleName(role)}`}),
      el("span", {class: "muted", text: ` \u00b7 ${sealed ? "sealed \u2713" : "deciding"}${!person ? " \u00b7 AI" : online ? "" : " \u00b7 not connected"}`})));
  }
  const threats = $("pj-threats");
  threats.replaceChildren();
  for (const t of view.threats) threats.append(el("li", {}, chip(t.by), el("span", {text: ` ${t.kind === "red_line" ? "Red line" : "Threat"}: ${t.label}`})));
  if (!view.threats.length) threats.append(el("li", {class: "muted", text: "Nothing declared yet."}));
  const news = $("pj-news");
  news.replaceChildren();
  if (view.control.length) drawEntries(news, view.control);
  if (view.headlines.length) drawEntries(news, view.headlines);
  else news.append(el("p", {class: "muted", text: `Headlines appear when ${view.turn_word} ${view.turn} resolves.`}));
  const actor = view.type === "actor_view" ? view.actor : null;
  drawMessages($("pj-messages"), actor ? view.messages : view.messages.slice(-12), actor);
  drawActorTalk(view, actor);
  tickClock();
}

// A playable actor's seat (winter-2021's Ukraine) speaks for its country: messages to one role, or to all.
function drawActorTalk(view, actor) {
  $("actor-form").hidden = !actor;
  if (!actor) return;
  $("pj-said-h").textContent = `Messages of ${view.actor_name || roleName(actor)}`;
  $("pj-title").textContent = `${view.actor_name || roleName(actor)} · ${state.welcome ? state.welcome.title : "Brinkmanship"}`;
  const to = $("actor-to");
  if (!to.options.length && state.look) {
    to.append(el("option", {value: "all", text: "everyone (public)"}));
    for (const role of Object.keys(state.look.roles)) to.append(el("option", {value: role, text: roleName(role)}));
  }
}

function actorSay(event) {
  event.preventDefault();
  const text = $("actor-text").value;
  if (!text.trim()) { toast("Write something first."); return; }
  if (send({type: "say", to: $("actor-to").value, text, statement: null})) $("actor-text").value = "";
}

// -- start ------------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  $("join-form").addEventListener("submit", (event) => { event.preventDefault(); join($("code").value); });
  $("seal").addEventListener("click", () => {
    const view = state.view;
    const orders = state.local ? state.local.orders : myOrders(view).orders;
    sendOrders(orders, true);
  });
  $("say-form").addEventListener("submit", say);
  $("sealer").addEventListener("change", () => send({type: "sealer", seat: $("sealer").value || null}));
  $("older").addEventListener("click", () => {
    const messages = allMessages(state.view);
    if (messages.length) send({type: "history", before: messages[0].id});
  });
  $("say-kind").addEventListener("change", fillRefs);
  $("deal-with").addEventListener("change", () => { deal.ask = []; if (state.view) fillDeal(state.view); });
  $("deal-give-add").addEventListener("click", () => addTerm("give"));
  $("deal-ask-add").addEventListener("click", () => addTerm("ask"));
  $("actor-form").addEventListener("submit", actorSay);
  $("actor-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) actorSay(event);
  });
  $("say-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) say(event);
  });
  const params = new URLSearchParams(location.search);
  let code = params.get("code");
  if (!code) { try { code = sessionStorage.getItem("brink-code"); } catch (e) { code = null; } }
  show("join");
  if (code) { $("code").value = code; join(code); } else $("code").focus();
});
