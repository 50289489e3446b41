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

// The live channel: the server pushes rendered fragments; each top-level element with an id
// replaces the element with that id on this page (an htmx out-of-band swap, so htmx wires the new
// buttons). The page names what it shows in data-live; a dropped socket reconnects and is sent the
// page's current state.
(function live() {
  const source = document.querySelector("[data-live]");
  if (!source || !window.htmx) return;
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + source.getAttribute("data-live");
  let wait = 1000;
  const connect = () => {
    const socket = new WebSocket(url);
    socket.onopen = () => { wait = 1000; };
    socket.onmessage = (message) => {
      const parsed = document.createElement("template");
      parsed.innerHTML = message.data;
      const ids = Array.from(parsed.content.children, (e) => e.id).filter((id) => id);
      if (ids.length) htmx.swap(document.body, message.data, { swapStyle: "none" }, { selectOOB: ids.join(",") });
    };
    socket.onclose = () => { setTimeout(connect, wait); wait = Math.min(wait * 2, 30000); };
  };
  connect();
})();
