// The little JavaScript Drawbridge owns; everything else is htmx. No inline scripts (CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const text = button.getAttribute("data-copy");
  const done = () => {
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
});

// Show dates in the viewer's locale.
function localTimes(root) {
  root.querySelectorAll("time[datetime]").forEach((t) => {
    const d = new Date(t.getAttribute("datetime"));
    if (!isNaN(d)) t.textContent = d.toLocaleString();
  });
}
document.addEventListener("DOMContentLoaded", () => localTimes(document));
document.addEventListener("htmx:afterSwap", (e) => localTimes(e.target));

// Live transfer progress: the page's cards are updated from the transfers WebSocket.
(function liveTransfers() {
  if (!document.querySelector("[data-live-transfers]")) return;
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/transfers/ws";
  const socket = new WebSocket(url);
  const redraw = () => {
    const list = document.getElementById("transfers");
    if (list && window.htmx) {
      htmx.ajax("GET", "/transfers/list" + location.search, { target: "#transfers", swap: "outerHTML" });
    }
  };
  // A job's own page: its body (file states and their buttons) is fetched again, at most a few
  // times a second however many files change at once.
  let detailTimer = null;
  const redrawDetail = () => {
    const body = document.querySelector("[data-transfer-detail]");
    if (!body || !window.htmx || detailTimer) return;
    detailTimer = setTimeout(() => {
      detailTimer = null;
      const id = body.getAttribute("data-transfer-detail");
      htmx.ajax("GET", "/transfers/" + encodeURIComponent(id) + "/body", { target: "#transfer-detail", swap: "outerHTML" });
    }, 300);
  };
  // Whatever happened between rendering the page and the socket opening is fetched once.
  socket.onopen = () => { redraw(); redrawDetail(); };
  const human = (n) => {
    const u = ["B", "kB", "MB", "GB", "TB"]; let i = 0;
    while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
    return (n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)) + " " + u[i];
  };
  socket.onmessage = (message) => {
    const e = JSON.parse(message.data);
    const card = document.querySelector('[data-transfer="' + e.transferId + '"]');
    if (!card) return;
    if (e.type === "progress" && !e.fileId) {
      const pct = e.size > 0 ? Math.floor(e.bytes * 100 / e.size) : 0;
      const bar = card.querySelector("[data-progress]");
      if (bar) { bar.value = pct; bar.textContent = pct + "%"; }
      const stats = card.querySelector("[data-stats]");
      if (stats) {
        let text = pct + "% · " + human(e.bytes) + " of " + human(e.size);
        if (e.bytesPerSecond > 0) text += " · " + human(e.bytesPerSecond) + "/s";
        if (e.etaSeconds != null) text += " · " + e.etaSeconds + " s left";
        if (e.route) text += " · " + e.route;
        stats.textContent = text;
      }
    } else if (!e.fileId) {
      const state = card.querySelector("[data-state]");
      if (state) state.textContent = e.type + (e.detail ? " · " + e.detail : "");
      if (e.type === "completed") {
        const bar = card.querySelector("[data-progress]");
        if (bar) { bar.value = 100; bar.textContent = "100%"; }
      }
      if (["completed", "failed", "canceled", "waiting", "paused"].includes(e.type)) {
        redraw(); // counts and buttons change with the state
      }
      if (e.type !== "hello") redrawDetail();
    } else {
      const row = document.querySelector('[data-file="' + e.fileId + '"] [data-file-state]');
      if (row) row.textContent = e.type + (e.detail && e.type !== "completed" ? " · " + e.detail : "");
      if (e.type !== "verified") redrawDetail(); // its buttons change with its state
    }
  };
})();
