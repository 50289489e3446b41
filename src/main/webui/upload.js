// Uploading into a contact's share through this peer (docs/api.md, "Uploading into a contact's
// share"). Each file: PUT creates the upload (Upload-Complete: ?0), then 8 MiB slices (File.slice:
// never the whole file in memory) are PATCHed; after a network drop the page asks HEAD for the
// offset and goes on. Unfinished uploads are remembered in localStorage, so after a reload the same
// files, chosen or dropped again, continue where they stopped.
(function uploads() {
  const box = document.getElementById("upload");
  if (!box) return;
  const SLICE = 8 * 1024 * 1024;
  const PARALLEL = 3;
  const STORE = "drawbridge.uploads";
  const peer = box.dataset.peer;
  const share = box.dataset.share;
  const dir = box.dataset.dir;
  const encode = (path) => path.split("/").map(encodeURIComponent).join("/");
  const base = "/api/v1/contacts/" + peer + "/shares/" + encodeURIComponent(share) + "/";
  const rows = document.getElementById("upload-rows");
  const notice = document.getElementById("upload-notice");
  const queue = [];
  const mine = new Set();
  let running = 0;
  let placed = 0;

  const remembered = () => {
    try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch (e) { return []; }
  };
  const remember = (list) => localStorage.setItem(STORE, JSON.stringify(list));
  const sameFile = (s, job) => s.peer === peer && s.share === share && s.asked === job.asked
    && s.size === job.file.size && s.lastModified === job.file.lastModified;
  const forget = (job) => remember(remembered().filter((s) => !sameFile(s, job)));

  const ours = remembered().filter((s) => s.peer === peer && s.share === share);
  if (ours.length) {
    notice.textContent = (ours.length === 1 ? "1 upload was" : ours.length + " uploads were")
      + " interrupted — choose or drop the same files to continue.";
  }

  const size = (n) => {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  };
  const duration = (s) => s < 60 ? Math.ceil(s) + " s" : Math.floor(s / 60) + " min " + Math.ceil(s % 60) + " s";
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const failure = (status, body) => {
    try { return JSON.parse(body).message || "error " + status; } catch (e) { return "error " + status; }
  };

  function row(job) {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = job.asked;
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "danger";
    cancel.textContent = "Cancel";
    cancel.setAttribute("aria-label", "Cancel uploading " + job.asked);
    cancel.addEventListener("click", () => stop(job));
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const detail = document.createElement("span");
    detail.className = "detail";
    detail.textContent = "Waiting";
    li.append(name, cancel, bar, detail);
    rows.append(li);
    return { li, bar, detail, cancel };
  }

  function show(job, sent) {
    const elapsed = (performance.now() - job.started) / 1000;
    const rate = elapsed > 0.5 ? (sent - job.from) / elapsed : 0;
    const total = job.file.size;
    job.ui.bar.value = total ? Math.floor((sent * 100) / total) : 100;
    let text = size(sent) + " of " + size(total);
    if (rate > 0) text += " · " + size(rate) + "/s · " + duration((total - sent) / rate) + " left";
    job.ui.detail.textContent = (job.note ? job.note + " " : "") + text;
  }

  function finish(job, state, text) {
    job.ui.li.className = state;
    job.ui.detail.textContent = text;
    job.ui.cancel.hidden = true;
    if (state === "done") job.ui.bar.value = 100;
  }

  // One request; resolves {status, headers, body}; a network error rejects.
  function send(method, url, headers, body, onProgress, job) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      job.xhr = xhr;
      xhr.open(method, url);
      Object.entries(headers).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
      xhr.onload = () => resolve({ status: xhr.status, header: (h) => xhr.getResponseHeader(h), body: xhr.responseText });
      xhr.onerror = () => reject(new Error("network"));
      xhr.onabort = () => reject(new Error("canceled"));
      xhr.send(body);
    });
  }

  async function create(job) {
    const r = await send("PUT", base + encode(job.asked) + "?rename=1",
      { "Upload-Complete": "?0", "Upload-Length": String(job.file.size) }, null, null, job);
    if (r.status !== 202) throw new Error(failure(r.status, r.body));
    const made = JSON.parse(r.body);
    job.upload = made.upload;
    job.path = made.path;
    if (made.renamed) {
      job.note = "A file named " + job.asked.split("/").pop() + " already exists — saved as " + made.name + ".";
    }
    const list = remembered().filter((s) => !sameFile(s, job));
    list.push({ peer, share, asked: job.asked, path: job.path, upload: job.upload, name: job.file.name,
      size: job.file.size, lastModified: job.file.lastModified });
    remember(list);
    return 0;
  }

  async function offset(job) {
    const r = await send("HEAD", job.upload, {}, null, null, job);
    if (r.status === 404) return -1; // this peer restarted: the upload is gone, start again
    if (r.status !== 204) throw new Error(failure(r.status, r.body));
    return Number(r.header("Upload-Offset"));
  }

  async function run(job) {
    const saved = remembered().find((s) => sameFile(s, job));
    let at = -1;
    if (saved) {
      job.upload = saved.upload;
      job.path = saved.path;
      job.note = "Continuing.";
      at = await offset(job);
      if (at < 0) { forget(job); job.note = "This peer restarted; starting the file again."; }
    }
    if (at < 0) at = await create(job);
    job.from = at;
    job.started = performance.now();
    let drops = 0;
    while (!job.canceled) {
      const end = Math.min(at + SLICE, job.file.size);
      let r;
      try {
        r = await send("PATCH", job.upload, {
          "Content-Type": "application/partial-upload",
          "Upload-Offset": String(at),
          "Upload-Complete": end === job.file.size ? "?1" : "?0",
        }, job.file.slice(at, end), (loaded) => show(job, at + loaded), job);
      } catch (e) {
        if (job.canceled) return;
        // The network dropped: wait, ask where the host is, go on from there.
        drops++;
        job.ui.detail.textContent = "Connection lost; trying again…";
        await wait(Math.min(1000 * drops, 10000));
        try { const k = await offset(job); if (k >= 0) at = k; } catch (ignored) { /* next round */ }
        continue;
      }
      drops = 0;
      if (r.status === 201) {
        forget(job);
        placed++;
        finish(job, "done", (job.note && job.note !== "Continuing." ? job.note + " " : "") + "Uploaded " + size(job.file.size) + ".");
        return;
      }
      if (r.status === 204 || (r.status === 409 && r.header("Upload-Offset") !== null)) {
        at = Number(r.header("Upload-Offset"));
        show(job, at);
        continue;
      }
      if (r.status === 404) { forget(job); }
      throw new Error(failure(r.status, r.body));
    }
  }

  function stop(job) {
    job.canceled = true;
    if (job.xhr) job.xhr.abort();
    forget(job);
    if (job.upload) fetch(job.upload, { method: "DELETE" });
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    finish(job, "canceled", "Canceled; nothing was saved.");
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      const job = queue.shift();
      running++;
      job.ui.detail.textContent = "Starting";
      run(job)
        .catch((e) => { if (!job.canceled) finish(job, "failed", e.message); })
        .finally(() => {
          running--;
          mine.delete(job.asked);
          if (!running && !queue.length) refresh();
          pump();
        });
    }
  }

  // Files arrive as {file, rel}: rel is the path below the chosen or dropped folder.
  function add(items) {
    items.forEach(({ file, rel }) => {
      const asked = (dir ? dir + "/" : "") + rel;
      const job = { file, asked, canceled: false };
      job.ui = row(job);
      mine.add(asked);
      queue.push(job);
    });
    if (items.length) notice.textContent = "";
    pump();
  }

  function refresh() {
    if (!placed || !window.htmx) return;
    placed = 0;
    htmx.ajax("GET", location.pathname + location.search, { target: "table.listing", select: "table.listing", swap: "outerHTML" });
  }

  // Dropped folders: walk them with the File System entries API (readEntries returns batches).
  function entries(entry, prefix) {
    if (entry.isFile) {
      return new Promise((resolve) => entry.file((file) => resolve([{ file, rel: prefix + file.name }]), () => resolve([])));
    }
    const reader = entry.createReader();
    const all = [];
    const next = () => new Promise((resolve) => reader.readEntries(resolve, () => resolve([])));
    return (async () => {
      for (let batch = await next(); batch.length; batch = await next()) all.push(...batch);
      const nested = await Promise.all(all.map((e) => entries(e, prefix + entry.name + "/")));
      return nested.flat();
    })();
  }

  const files = document.getElementById("upload-files");
  const folder = document.getElementById("upload-folder");
  document.getElementById("choose-files").addEventListener("click", () => files.click());
  document.getElementById("choose-folder").addEventListener("click", () => folder.click());
  files.addEventListener("change", () => { add(Array.from(files.files, (file) => ({ file, rel: file.name }))); files.value = ""; });
  folder.addEventListener("change", () => {
    add(Array.from(folder.files, (file) => ({ file, rel: file.webkitRelativePath || file.name })));
    folder.value = "";
  });

  const zone = document.getElementById("dropzone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const dropped = Array.from(e.dataTransfer.items || [])
      .map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry())
      .filter((entry) => entry);
    if (dropped.length) {
      add((await Promise.all(dropped.map((entry) => entries(entry, "")))).flat());
    } else {
      add(Array.from(e.dataTransfer.files, (file) => ({ file, rel: file.name })));
    }
  });

  document.getElementById("new-folder").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = document.getElementById("folder-name");
    const path = (dir ? dir + "/" : "") + input.value.trim();
    const r = await fetch(base + "folders", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ path }),
    });
    if (r.ok) {
      notice.textContent = "Folder " + input.value.trim() + " created.";
      input.value = "";
      placed++;
      refresh();
    } else {
      notice.textContent = failure(r.status, await r.text());
    }
  });

  // Other tabs' uploads arrive on the live channel; this tab's own rows already show its files.
  new MutationObserver(() => {
    document.querySelectorAll("#live-uploads li[data-upload-key]").forEach((li) => {
      li.hidden = mine.has(li.getAttribute("data-upload-key"));
    });
  }).observe(box, { childList: true, subtree: true });
})();
