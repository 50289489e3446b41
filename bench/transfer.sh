#!/usr/bin/env bash
# Drawbridge transfer-job benchmark ("Download to this computer": POST /api/v1/transfers).
#
#   bench/transfer.sh                              # from the repo root: both parts
#   PARTS=big RUNS=3 bench/transfer.sh             # only the 2 GiB part
#   PARTS=small SYNCTHING=1 bench/transfer.sh      # only 10,000 x 4 KiB, plus Syncthing
#   JAVA_OPTS=-Xmx128m PARTS=big RUNS=2 bench/transfer.sh   # other JVM flags (default: the README's)
#
# Part "big":   one 2 GiB random file, peer A shares it, peer B downloads it as a transfer job into
#               its download dir; interleaved with nginx -> curl (mutual TLS 1.3, Ed25519) to disk.
#               Run 1's job is "cold" (A has no manifest yet and hashes the 2 GiB file, 1 MiB chunks,
#               SHA-256, on the first manifest request); later jobs are "warm" (manifest cached in A's
#               SQLite). Every placed file is verified with SHA-256.
# Part "small": 10,000 files x 4 KiB random (100 folders x 100 files); one folder job per run
#               (run 1 cold, later warm); verified with diff -r. SYNCTHING=1 (default) also syncs the
#               same folder between two Syncthing instances on loopback and times it.
#
# Environment: RUNS (default 3, big part), SMALL_RUNS (default 2), SIZE (2G), BENCH_DIR (bench/work),
# JAVA, JAVA_OPTS, QUIET_WAIT (120 s; wait for other processes < 15 % of a core before each run),
# JOB_TIMEOUT (600 s per job), KEEP_LOGS=1 keeps the temp dir (peer, nginx, syncthing logs), SYNCTHING (1/0), PARTS ("big small"),
# THREADS=1 also prints the CPU seconds of each peer's thread groups (event loops, workers, GC...) per job.
#
# Timing of a job: from just before the POST to the job-level "completed" event on B's SSE stream
# (GET /api/v1/transfers/events, read by a thread started before the POST; time.monotonic()).
# Everything listens on 127.0.0.1 only. Processes started here are stopped by PID on exit.
set -euo pipefail
BENCH_TAG=transfer
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
SMALL_RUNS=${SMALL_RUNS:-2}
SIZE=${SIZE:-2G}
PARTS=${PARTS:-big small}
SYNCTHING=${SYNCTHING:-1}
BENCH_DIR=${BENCH_DIR:-$ROOT/bench/work}
KEEP_LOGS=${KEEP_LOGS:-0}
QUIET_WAIT=${QUIET_WAIT:-120}
THREADS=${THREADS:-0}
# The peer's JVM flags from the README (small heap, Serial GC, bounded direct memory); JAVA_OPTS= (empty) for the JVM defaults.
JAVA_OPTS=${JAVA_OPTS-"-XX:+UseSerialGC -Xmx128m -XX:MaxDirectMemorySize=64m"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; else JAVA=$(command -v java); fi
fi
T_START=$(date +%s)


PIDS=()
TMP=$(mktemp -d /tmp/drawbridge-transfer.XXXXXX)
cleanup() {
  local rc=$?
  stop_pids
  rm -rf "$BENCH_DIR/dl" "$BENCH_DIR/out" "$BENCH_DIR/st-recv" 2>/dev/null || true
  if [[ "$KEEP_LOGS" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
  log "script wall time: $(( $(date +%s) - T_START )) s"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in curl openssl sha256sum python3 nginx; do command -v "$tool" >/dev/null || die "$tool is required"; done
[[ -f "$JAR" ]] || die "build first: ./mvnw -B -o -DskipTests package"
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
log "JDK: $JAVA ($JAVA_VERSION)${JAVA_OPTS:+ options: $JAVA_OPTS}; parts: $PARTS"
hwm() { awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
pct() { python3 -c "import sys; print(f'{100*int(sys.argv[1])/int(sys.argv[2])/float(sys.argv[3]):.0f}')" "$1" "$HZ" "$2"; }

# ---------------------------------------------------------------- peers
mkdir -p "$BENCH_DIR/share" "$BENCH_DIR/small" "$BENCH_DIR/dl" "$BENCH_DIR/out"
DL=$BENCH_DIR/dl   # B's download dir

# One transfer job, timed via SSE. Prints "secs state files bytes events finalPath|detail" to stdout.
cat >"$TMP/job.py" <<'PY'
import http.client, json, sys, threading, time, queue
ui, body, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
events = queue.Queue()
ready = threading.Event()
def sse():
    c = http.client.HTTPConnection("127.0.0.1", ui, timeout=3600)
    c.request("GET", "/api/v1/transfers/events", headers={"Accept": "text/event-stream"})
    r = c.getresponse()
    assert r.status == 200, r.status
    ready.set()
    while True:
        line = r.fp.readline()
        if not line: events.put((time.monotonic(), None)); return
        line = line.decode().rstrip("\r\n")
        if line.startswith("data:"):
            events.put((time.monotonic(), json.loads(line[5:].strip())))
threading.Thread(target=sse, daemon=True).start()
ready.wait(10); time.sleep(0.2)   # the stream is open (Quarkus flushes headers on subscribe)
c = http.client.HTTPConnection("127.0.0.1", ui, timeout=60)
t0 = time.monotonic()
c.request("POST", "/api/v1/transfers", body=body, headers={"Content-Type": "application/json"})
r = c.getresponse(); resp = r.read()
assert r.status in (200, 201), (r.status, resp)
jid = json.loads(resp)["id"]
# Two observers: the SSE stream (job-level event = no fileId) and, as a cross-check and safety net,
# polling the job list (no per-file rows) every 500 ms on a second connection (the owner UI polls
# every 2 s; a 50 ms poll of a 10,000-file job measured the list endpoint more than the transfer).
polled = {}
def poll():
    pc = http.client.HTTPConnection("127.0.0.1", ui, timeout=60)
    while True:
        pc.request("GET", "/api/v1/transfers"); js = json.loads(pc.getresponse().read())
        j = [x for x in js if x["id"] == jid]
        if j and j[0]["state"] in ("completed", "failed", "canceled"):
            polled.update(t=time.monotonic(), state=j[0]["state"], detail=j[0].get("detail") or ""); return
        time.sleep(0.5)
threading.Thread(target=poll, daemon=True).start()
n = 0; first = None; end = None; state = None; detail = ""; types = {}; log = open(out + ".events", "w")
import os
deadline = time.monotonic() + int(os.environ.get("JOB_TIMEOUT", "600"))
while True:
    if time.monotonic() > deadline:
        state = "timeout"; detail = "no final state after JOB_TIMEOUT s"; break
    try:
        t, ev = events.get(timeout=0.05)
    except queue.Empty:
        if polled and time.monotonic() > polled["t"] + 3: break   # SSE never said so: trust the poll
        continue
    if ev is None: break
    if ev.get("transferId") != jid: continue
    n += 1
    k = ("job " if not ev.get("fileId") else "file ") + str(ev.get("type")); types[k] = types.get(k, 0) + 1
    if k.startswith("job") or k.endswith("completed") and types[k] < 3: log.write(f"{t - t0:.3f} {json.dumps(ev)}\n")
    if first is None and ev.get("fileId"): first = t
    if not ev.get("fileId") and ev.get("type") in ("completed", "failed", "canceled"):
        end = t; state = ev["type"]; detail = ev.get("detail") or ""; break
for _ in range(100):
    if polled or state == "timeout": break
    time.sleep(0.05)
sse_secs = (end - t0) if end else None
poll_secs = (polled["t"] - t0) if polled else None
if end is None and polled:
    state = polled["state"]; detail = polled["detail"]
c.request("GET", f"/api/v1/transfers/{jid}"); job = json.loads(c.getresponse().read())
if state == "timeout":
    job["state"] = "timeout (last state " + str(job.get("state")) + ")"
files = job.get("files", [])
json.dump({"id": jid, "secs": sse_secs or poll_secs, "timedBy": "sse" if sse_secs else "poll-500ms", "sseSecs": sse_secs, "pollSecs": poll_secs, "eventTypes": types, "state": state or job["state"], "detail": detail or job.get("detail"),
           "events": n, "firstFileEventSecs": (first - t0) if first else None, "fileCount": job.get("fileCount"),
           "filesDone": job.get("filesDone"), "bytes": job.get("bytes"),
           "finalPaths": [f.get("finalPath") for f in files[:3]],
           "fileStates": sorted({f.get("state") for f in files})}, open(out, "w"))
PY

log "starting peers A (host) and B (downloader, download dir $DL)"
start_peer A DRAWBRIDGE_TRANSFERS_DOWNLOAD_DIR="$DL"; start_peer B DRAWBRIDGE_TRANSFERS_DOWNLOAD_DIR="$DL"; wait_peer A; wait_peer B
A_ID=$(api GET "http://127.0.0.1:$A_UI/api/v1/identity" | json_field peerId)
B_ID=$(api GET "http://127.0.0.1:$B_UI/api/v1/identity" | json_field peerId)
log "A=$A_ID pid $A_PID; B=$B_ID pid $B_PID"
api POST "http://127.0.0.1:$B_UI/api/v1/contacts" "{\"peerId\":\"$A_ID\",\"address\":\"127.0.0.1:$A_MESH\"}" >/dev/null
share() { # name dir
  api POST "http://127.0.0.1:$A_UI/api/v1/shares" "{\"name\":\"$1\",\"path\":\"$2\"}" >/dev/null
  api PUT "http://127.0.0.1:$A_UI/api/v1/shares/$1/grants/$B_ID" '{"access":"READ"}' >/dev/null
}
RESULTS=$TMP/results.tsv; : >"$RESULTS"
FAILED=0

run_job() { # label body -> sets JOB_SECS, appends a result line; CPU of A, B, machine
  local label=$1 body=$2 a0 b0 u0 a1 b1 u1
  quiet_wait
  if [[ "$THREADS" == 1 ]]; then python3 "$ROOT/bench/threads.py" snap "$A_PID" "$TMP/threads-A.json"; python3 "$ROOT/bench/threads.py" snap "$B_PID" "$TMP/threads-B.json"; fi
  u0=$(busy); a0=$(ticks "$A_PID"); b0=$(ticks "$B_PID")
  python3 "$TMP/job.py" "$B_UI" "$body" "$TMP/job.json" || die "$label: job runner failed"
  u1=$(busy); a1=$(ticks "$A_PID"); b1=$(ticks "$B_PID")
  JOB_SECS=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["secs"] or 0)' "$TMP/job.json")
  JOB_STATE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$TMP/job.json")
  if [[ "$JOB_STATE" != completed ]]; then
    cat "$TMP/job.json" >&2; echo >&2; tail -20 "$TMP/peer-B.log" >&2; grep -E 'WARN|ERROR' "$TMP/peer-A.log" | tail -5 >&2
    log "open fds: A $(ls /proc/$A_PID/fd | wc -l), B $(ls /proc/$B_PID/fd | wc -l)"; FAILED=1; die "$label: job ended $JOB_STATE"
  fi
  JOB_CPU="A $(pct $((a1-a0)) "$JOB_SECS")% B $(pct $((b1-b0)) "$JOB_SECS")% machine $(pct $((u1-u0)) "$JOB_SECS")% other $(( $(pct $((u1-u0-a1+a0-b1+b0)) "$JOB_SECS") ))%"
  log "$label: $(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%.3f s (timed by %s; sse %s, poll %s), state %s, files %s/%s, %s events %s, first file event at %.2f s, placed e.g. %s" % (j["secs"], j["timedBy"], j["sseSecs"], j["pollSecs"], j["state"], j["filesDone"], j["fileCount"], j["events"], j["eventTypes"], j["firstFileEventSecs"] or -1, j["finalPaths"][:1]))' "$TMP/job.json")"
  if [[ "$THREADS" == 1 ]]; then
    log "$label threads of A: $(python3 "$ROOT/bench/threads.py" diff "$A_PID" "$TMP/threads-A.json")"
    log "$label threads of B: $(python3 "$ROOT/bench/threads.py" diff "$B_PID" "$TMP/threads-B.json")"
  fi
  log "$label CPU (% of one core over the job): $JOB_CPU; open fds now: A $(ls /proc/$A_PID/fd | wc -l) (limit $(awk '/open files/{print $4}' /proc/$A_PID/limits)), B $(ls /proc/$B_PID/fd | wc -l)"
}

# ================================================================ part 1: 2 GiB file
if [[ " $PARTS " == *" big "* ]]; then
  test_file
  share big "$BENCH_DIR/share"

  # nginx: same setup as bench/download.sh
  NG=$TMP/nginx; mkdir -p "$NG/logs" "$NG/tmp"
  openssl genpkey -algorithm ed25519 -out "$NG/server.key" 2>/dev/null
  openssl req -x509 -new -key "$NG/server.key" -subj /CN=nginx-bench -days 2 -out "$NG/server.crt" 2>/dev/null
  openssl genpkey -algorithm ed25519 -out "$NG/client.key" 2>/dev/null
  openssl req -x509 -new -key "$NG/client.key" -subj /CN=curl-bench -days 2 -out "$NG/client.crt" 2>/dev/null
  NGINX_PORT=$(free_port)
  cat >"$NG/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
user root;
pid $NG/nginx.pid;
error_log $NG/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log $NG/logs/access.log;
  client_body_temp_path $NG/tmp/body; proxy_temp_path $NG/tmp/proxy; fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi; scgi_temp_path $NG/tmp/scgi;
  default_type application/octet-stream;
  sendfile on; tcp_nopush on; output_buffers 2 512k; ssl_buffer_size 16k;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $NG/server.crt; ssl_certificate_key $NG/server.key;
    ssl_protocols TLSv1.3;
    ssl_verify_client on; ssl_client_certificate $NG/client.crt;
    root $BENCH_DIR/share;
    location / { }
  }
}
EOF
  nginx -p "$NG" -c "$NG/nginx.conf" -e "$NG/logs/error.log" &
  NGINX_PID=$!; PIDS+=("$NGINX_PID")
  NGINX_URL="https://127.0.0.1:$NGINX_PORT/big.bin"
  NGARGS=(-k --cert "$NG/client.crt" --key "$NG/client.key")
  for _ in $(seq 100); do curl -s "${NGARGS[@]}" -o /dev/null -r 0-0 "$NGINX_URL" 2>/dev/null && break; sleep 0.1; done
  NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1); [[ -n "$NGINX_WORKER" ]] || die "no nginx worker"
  NGINX_TLS=$(curl -sS -v -o /dev/null -r 0-0 "${NGARGS[@]}" "$NGINX_URL" 2>&1 | sed -n 's/^\* SSL connection using \(.*\)$/\1/p')
  log "nginx preflight: $NGINX_TLS"
  [[ "$NGINX_TLS" == *TLSv1.3* ]] || die "nginx is not on TLS 1.3"

  # Untimed warm-ups that do NOT touch the transfer machinery (so job 1 stays manifest-cold):
  # 256 MiB twice through B's local API (JIT of the mesh path) and one full nginx download to disk.
  PEER_URL="http://127.0.0.1:$B_UI/api/v1/contacts/$A_ID/shares/big/big.bin"
  log "untimed warm-up: 256 MiB x2 through B's local API, 2 GiB nginx -> disk"
  for _ in 1 2; do curl -fsS -o /dev/null -r 0-268435455 "$PEER_URL"; done
  curl -fsS "${NGARGS[@]}" -o "$BENCH_DIR/out/warm" "$NGINX_URL"; rm -f "$BENCH_DIR/out/warm"; sync

  nginx_run() {
    local r=$1 out=$BENCH_DIR/out/nginx.bin n0 n1 u0 u1 c
    rm -f "$out"; sync; quiet_wait
    u0=$(busy); n0=$(ticks "$NGINX_WORKER")
    local TIMEFORMAT='%U %S'
    c=$( { time curl -sS -f "${NGARGS[@]}" -o "$out" -w '%{size_download} %{time_total}\n' "$NGINX_URL" >"$TMP/curl.out"; } 2>&1 )
    u1=$(busy); n1=$(ticks "$NGINX_WORKER")
    read -r got secs <"$TMP/curl.out"; read -r cu cs <<<"$c"
    local sha; sha=$(sha256sum "$out" | cut -d' ' -f1); local ok=ok
    [[ "$sha" == "$SRC_SHA" && "$got" == "$BYTES" ]] || { ok=MISMATCH; FAILED=1; }
    rm -f "$out"
    local curlpct; curlpct=$(python3 -c "print(f'{100*($cu+$cs)/$secs:.0f}')")
    local mach; mach=$(pct $((u1-u0)) "$secs")
    printf 'nginx\t%s\t%s\t%s\tnginx %s%% curl %s%% machine %s%% other %s%%\t%s\n' "$r" "$secs" "$BYTES" \
      "$(pct $((n1-n0)) "$secs")" "$curlpct" "$mach" "$(( mach - $(pct $((n1-n0)) "$secs") - curlpct ))" "$ok" >>"$RESULTS"
    log "run $r nginx: $(awk -F'\t' 'END{printf "%.0f MB/s, %.2f s, %s, sha256 %s", $4/$3/1e6, $3, $5, $6}' "$RESULTS")"
  }
  job_run() {
    local r=$1 kind=cold; (( r > 1 )) && kind=warm
    rm -rf "$DL"/big*.bin; sync
    run_job "run $r job ($kind)" '{"peerId":"'"$A_ID"'","share":"big","path":"big.bin","folder":false}'
    local placed=$DL/big.bin
    [[ -f "$placed" ]] || { ls -la "$DL"; die "job placed no $placed"; }
    local sha size ok=ok; size=$(stat -c %s "$placed"); sha=$(sha256sum "$placed" | cut -d' ' -f1)
    [[ "$sha" == "$SRC_SHA" && "$size" == "$BYTES" ]] || { ok=MISMATCH; FAILED=1; log "VERIFY FAILED: $size $sha"; }
    rm -f "$placed"
    printf 'job-%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$r" "$JOB_SECS" "$BYTES" "$JOB_CPU" "$ok" >>"$RESULTS"
    log "run $r job ($kind): $(awk -F'\t' 'END{printf "%.0f MB/s, sha256 %s", $4/$3/1e6, $6}' "$RESULTS")"
  }
  log "load average before runs: $(cut -d' ' -f1-3 /proc/loadavg)"
  for r in $(seq "$RUNS"); do
    job_run "$r"
    nginx_run "$r"
  done
  HWM_A=$(hwm "$A_PID"); HWM_B=$(hwm "$B_PID")
  log "peak RSS after the big part (VmHWM): A $HWM_A MiB, B $HWM_B MiB${JAVA_OPTS:+ ($JAVA_OPTS)}"
  python3 - "$RESULTS" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def rate(r): return int(r[3]) / float(r[2]) / 1e6
by = {}
for r in rows: by.setdefault(r[0], []).append(r)
print()
for m in ("job-cold", "job-warm", "nginx"):
    if m in by:
        rs = by[m]
        print(f"{m:9} median {st.median(rate(r) for r in rs):6.0f} MB/s   runs: " + "; ".join(f"{rate(r):.0f} MB/s ({float(r[2]):.2f} s, {r[4]}, {r[5]})" for r in rs))
ng = st.median(rate(r) for r in by["nginx"])
for m in ("job-cold", "job-warm"):
    if m in by: print(f"ratio {m}/nginx: {st.median(rate(r) for r in by[m]) / ng:.2f}x (target >= 1.00x)")
PY
fi

# ================================================================ part 2: 10,000 x 4 KiB
if [[ " $PARTS " == *" small "* ]]; then
  SMALL=$BENCH_DIR/small/files
  if [[ $(find "$SMALL" -type f 2>/dev/null | wc -l) != 10000 ]]; then
    log "creating $SMALL: 100 folders x 100 files x 4 KiB random"
    rm -rf "$SMALL"
    python3 - "$SMALL" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/d{d:03}", exist_ok=True)
    for f in range(100):
        with open(f"{root}/d{d:03}/f{f:03}.bin", "wb") as fh: fh.write(os.urandom(4096))
PY
  fi
  (cd "$SMALL" && find . -type f ! -path './.stfolder*' | sort | xargs sha256sum) >"$TMP/small.sha"
  share small "$BENCH_DIR/small"
  for r in $(seq "$SMALL_RUNS"); do
    kind=cold; (( r > 1 )) && kind=warm
    rm -rf "$DL/files"; sync
    run_job "small run $r job ($kind)" '{"peerId":"'"$A_ID"'","share":"small","path":"files","folder":true}'
    got=$(cd "$DL/files" && find . -type f | sort | xargs sha256sum | diff - "$TMP/small.sha" >/dev/null && echo ok || echo MISMATCH)
    n=$(find "$DL/files" -type f | wc -l)
    [[ "$got" == ok && "$n" == 10000 ]] || { FAILED=1; log "VERIFY FAILED: $n files, $got"; }
    printf 'small-%s\t%s\t%s\t10000\t%s\t%s (%s files)\n' "$kind" "$r" "$JOB_SECS" "$JOB_CPU" "$got" "$n" >>"$RESULTS"
    log "small run $r ($kind): $(python3 -c "print(f'{10000/$JOB_SECS:.0f} files/s')"), verification: sha256 of every file $got ($n files)"
  done
  rm -rf "$DL/files"
  log "peak RSS after the small part (VmHWM): A $(hwm "$A_PID") MiB, B $(hwm "$B_PID") MiB"
  log "B's transfer history rows: $(python3 -c 'import sqlite3,sys,glob
for p in glob.glob(sys.argv[1]+"/**/*.db", recursive=True):
  c=sqlite3.connect(p)
  for (t,) in c.execute("select name from sqlite_master where type=\"table\""):
    print(p.split("/")[-1]+":"+t+"="+str(c.execute(f"select count(*) from \"{t}\"").fetchone()[0]), end=" ")' "$B_DATA" 2>/dev/null || echo n/a)"

  # ---------------------------------------------------------------- Syncthing
  if [[ "$SYNCTHING" == 1 ]]; then
    command -v syncthing >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y syncthing >/dev/null; }
    log "Syncthing: $(syncthing --version | head -1)"
    RECV=$BENCH_DIR/st-recv; rm -rf "$RECV"; mkdir -p "$RECV"
    APIKEY=bench-$(openssl rand -hex 8)
    for s in S R; do syncthing generate --home="$TMP/st-$s" >"$TMP/st-$s.gen" 2>&1 || { cat "$TMP/st-$s.gen"; die "syncthing generate"; }; done
    S_ID=$(sed -n 's/.*Device ID: *\([A-Z0-9-]*\).*/\1/p' "$TMP/st-S.gen" | head -1)
    R_ID=$(sed -n 's/.*Device ID: *\([A-Z0-9-]*\).*/\1/p' "$TMP/st-R.gen" | head -1)
    [[ -n "$S_ID" && -n "$R_ID" ]] || { cat "$TMP/st-S.gen"; die "no syncthing device ids"; }
    S_GUI=$(free_port); R_GUI=$(free_port); S_BEP=$(free_port); R_BEP=$(free_port)
    # Config written before the first start: nothing but 127.0.0.1, no discovery/relays/NAT/UR.
    cat >"$TMP/stconf.py" <<'PY'
import sys, xml.etree.ElementTree as ET
path, gui, bep, me, other, other_bep, folder, paused, apikey, myname, othername = sys.argv[1:]
t = ET.parse(path); root = t.getroot()
for f in root.findall("folder"): root.remove(f)
for d in root.findall("device"): root.remove(d)
def dev(id_, name, addr):
    d = ET.SubElement(root, "device", id=id_, name=name, compression="metadata", introducer="false", skipIntroductionRemovals="false", introducedBy="")
    ET.SubElement(d, "address").text = addr
    ET.SubElement(d, "paused").text = "false"; ET.SubElement(d, "autoAcceptFolders").text = "false"
    return d
fo = ET.Element("folder", id="bench", label="bench", path=folder, type="sendreceive", rescanIntervalS="3600", fsWatcherEnabled="false", fsWatcherDelayS="10", ignorePerms="false", autoNormalize="true")
ET.SubElement(fo, "device", id=me, introducedBy="")
ET.SubElement(fo, "device", id=other, introducedBy="")
ET.SubElement(fo, "paused").text = paused
root.insert(0, fo)
dev(me, myname, "dynamic"); dev(other, othername, f"tcp://127.0.0.1:{other_bep}")
g = root.find("gui"); g.set("enabled", "true"); g.set("tls", "false")
g.find("address").text = f"127.0.0.1:{gui}"
k = g.find("apikey")
if k is None: k = ET.SubElement(g, "apikey")
k.text = apikey
o = root.find("options")
def opt(name, val):
    for e in o.findall(name): o.remove(e)
    ET.SubElement(o, name).text = val
opt("listenAddress", f"tcp://127.0.0.1:{bep}")
for n, v in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"), ("relaysEnabled", "false"),
             ("natEnabled", "false"), ("urAccepted", "-1"), ("urSeen", "3"), ("autoUpgradeIntervalH", "0"),
             ("startBrowser", "false"), ("crashReportingEnabled", "false"), ("announceLANAddresses", "false")]:
    opt(n, v)
for e in o.findall("globalAnnounceServer"): o.remove(e)
t.write(path)
PY
    python3 "$TMP/stconf.py" "$TMP/st-S/config.xml" "$S_GUI" "$S_BEP" "$S_ID" "$R_ID" "$R_BEP" "$SMALL" false "$APIKEY" st-sender st-receiver
    python3 "$TMP/stconf.py" "$TMP/st-R/config.xml" "$R_GUI" "$R_BEP" "$R_ID" "$S_ID" "$S_BEP" "$RECV" true "$APIKEY" st-receiver st-sender
    for s in S R; do
      STNOUPGRADE=1 STNODEFAULTFOLDER=1 syncthing serve --home="$TMP/st-$s" --no-browser --no-restart >"$TMP/st-$s.log" 2>&1 &
      PIDS+=("$!"); printf -v "ST_${s}_PID" %s "$!"
    done
    st() { curl -fsS -H "X-API-Key: $APIKEY" "$@"; }
    for s in S_GUI R_GUI; do
      for _ in $(seq 300); do st "http://127.0.0.1:${!s}/rest/system/ping" >/dev/null 2>&1 && break; sleep 0.1; done
    done
    # `syncthing serve` runs a monitor process that starts the real one as its child: account for that.
    ST_S_PID=$(pgrep -P "$ST_S_PID" | head -1); ST_R_PID=$(pgrep -P "$ST_R_PID" | head -1)
    [[ -n "$ST_S_PID" && -n "$ST_R_PID" ]] || die "syncthing child processes not found"
    PIDS+=("$ST_S_PID" "$ST_R_PID")
    log "syncthing sender pid $ST_S_PID (gui $S_GUI, bep $S_BEP), receiver pid $ST_R_PID (gui $R_GUI, bep $R_BEP)"
    log "listening sockets of syncthing: $(ss -Hltnup 2>/dev/null | grep -E "pid=($ST_S_PID|$ST_R_PID)," | awk '{print $1"/"$5}' | tr '\n' ' ')"
    # Wait for the sender's initial scan (untimed) and for the two devices to connect.
    for _ in $(seq 1200); do
      s=$(st "http://127.0.0.1:$S_GUI/rest/db/status?folder=bench" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"], j["localFiles"])')
      c=$(st "http://127.0.0.1:$R_GUI/rest/system/connections" | python3 -c 'import json,sys; print(json.load(sys.stdin)["connections"].get(sys.argv[1],{}).get("connected"))' "$S_ID")
      [[ "$s" == "idle 10000" && "$c" == True ]] && break; sleep 0.2
    done
    log "sender scanned: $s; receiver connected to sender: $c"
    [[ "$s" == "idle 10000" && "$c" == True ]] || { tail -30 "$TMP/st-S.log" "$TMP/st-R.log"; die "syncthing not ready"; }
    quiet_wait
    u0=$(busy); s0=$(ticks "$ST_S_PID"); r0=$(ticks "$ST_R_PID")
    python3 - "$R_GUI" "$S_GUI" "$APIKEY" "$TMP/st.json" <<'PY'
import json, sys, time, urllib.request
rgui, sgui, key, out = sys.argv[1:]
def req(port, path, method="GET", body=None):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers={"X-API-Key": key, "Content-Type": "application/json"},
                               data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(r, timeout=30) as f:
        b = f.read(); return json.loads(b) if b.strip() else None
t0 = time.monotonic()
req(rgui, "/rest/config/folders/bench", "PATCH", {"paused": False})   # start of the sync
req(sgui, "/rest/db/scan?folder=bench", "POST")                        # rescan via REST (sender)
polls = 0
while True:
    polls += 1
    try:
        s = req(rgui, "/rest/db/status?folder=bench")
        if s["localFiles"] >= 10000 and s["needTotalItems"] == 0 and s["state"] == "idle":
            c = req(rgui, "/rest/db/completion?folder=bench")
            if c.get("completion", 0) >= 100: break
    except Exception as e:
        pass
    time.sleep(0.1)
t = time.monotonic() - t0
json.dump({"secs": t, "polls": polls, "status": s, "completion": c}, open(out, "w"))
PY
    u1=$(busy); s1=$(ticks "$ST_S_PID"); r1=$(ticks "$ST_R_PID")
    ST_SECS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secs"])' "$TMP/st.json")
    log "syncthing receiver status at the end: $(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); s=j["status"]; print({k:s[k] for k in ("state","localFiles","globalFiles","needTotalItems","inSyncFiles")}, "completion", j["completion"].get("completion"))' "$TMP/st.json")"
    ST_CPU="sender $(pct $((s1-s0)) "$ST_SECS")% receiver $(pct $((r1-r0)) "$ST_SECS")% machine $(pct $((u1-u0)) "$ST_SECS")% other $(pct $((u1-u0-s1+s0-r1+r0)) "$ST_SECS")%"
    got=$(cd "$RECV" && find . -type f ! -path './.stfolder*' | sort | xargs sha256sum | diff - "$TMP/small.sha" >/dev/null && echo ok || echo MISMATCH)
    n=$(find "$RECV" -type f ! -path './.stfolder*' | wc -l)
    [[ "$got" == ok ]] || FAILED=1
    printf 'syncthing\t1\t%s\t10000\t%s\t%s (%s files)\n' "$ST_SECS" "$ST_CPU" "$got" "$n" >>"$RESULTS"
    log "syncthing: $(python3 -c "print(f'{$ST_SECS:.2f} s, {10000/$ST_SECS:.0f} files/s')"), CPU $ST_CPU, verification $got ($n files); peak RSS sender $(hwm "$ST_S_PID") MiB receiver $(hwm "$ST_R_PID") MiB"
  fi
  python3 - "$RESULTS" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows: by.setdefault(r[0], []).append(r)
print()
for m in ("small-cold", "small-warm", "syncthing"):
    for r in by.get(m, []):
        print(f"{m:10} run {r[1]}: {10000/float(r[2]):6.0f} files/s ({float(r[2]):.2f} s)  CPU {r[4]}  verify {r[5]}")
if "syncthing" in by:
    sy = 10000 / float(by["syncthing"][0][2])
    for m in ("small-cold", "small-warm"):
        if m in by: print(f"ratio {m}/syncthing: {st.median(10000/float(r[2]) for r in by[m]) / sy:.1f}x (target >= 20x)")
PY
fi
log "peak RSS at the end (VmHWM): A $(hwm "$A_PID") MiB, B $(hwm "$B_PID") MiB${JAVA_OPTS:+ ($JAVA_OPTS)}"
[[ "$FAILED" == 0 ]] || die "verification failed"
log "all verified"
