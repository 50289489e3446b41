#!/usr/bin/env bash
# Drawbridge download benchmark: one large file peer->peer over the mesh (mutual TLS 1.3,
# Ed25519) versus nginx serving the same file over mutual TLS 1.3 (Ed25519) to curl.
#
#   bench/download.sh                      # from the repo root
#   RUNS=5 SIZE=2G JAVA=/path/to/java BENCH_DIR=/some/dir bench/download.sh
#
# Environment:
#   RUNS       timed runs per method (default 3), interleaved nginx, peer, mesh, nginx, ...
#   SIZE       size of the test file for `head -c` (default 2G = 2 GiB); the file is reused if it
#              already has that size
#   BENCH_DIR  work dir: test file and downloads (default bench/work, gitignored)
#   JAVA       java binary (default: Temurin 25 if installed, else `java`)
#   JAVA_OPTS  extra JVM options for both peers (e.g. -Xmx128m to show memory stays flat)
#   WARMUP     bytes fetched (untimed, twice, to /dev/null) through every path first so the JIT has
#              compiled the hot paths (default 256M; 0 = none)
#   QUIET_WAIT before each run, wait up to this many seconds for other processes' CPU use to drop
#              below 15% of a core (default 120; 0 = don't wait)
#   KEEP_LOGS  1 = keep the temp dir (peer/nginx logs) instead of deleting it
#
# Everything listens on 127.0.0.1 only. Processes started here are stopped by PID on exit.
set -euo pipefail
BENCH_TAG=bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
SIZE=${SIZE:-2G}
BENCH_DIR=${BENCH_DIR:-$ROOT/bench/work}
KEEP_LOGS=${KEEP_LOGS:-0}
WARMUP=${WARMUP:-256M}
QUIET_WAIT=${QUIET_WAIT:-120}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar

if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    JAVA=$(command -v java)
  fi
fi


# ---------------------------------------------------------------- cleanup
PIDS=()
TMP=$(mktemp -d /tmp/drawbridge-bench.XXXXXX)
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$BENCH_DIR"/out/dl.* 2>/dev/null || true
  if [[ "$KEEP_LOGS" == 1 ]]; then
    log "logs kept in $TMP"
  else
    rm -rf "$TMP"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- prerequisites
for tool in curl openssl sha256sum python3; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
if ! command -v nginx >/dev/null; then
  log "installing nginx (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y nginx >/dev/null || { apt-get update >/dev/null && apt-get install -y nginx >/dev/null; }
fi
NGINX=$(command -v nginx)

if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -B -DskipTests package >"$TMP/build.log" 2>&1) || { tail -50 "$TMP/build.log"; die "build failed"; }
fi

JAVA_VERSION=$("$JAVA" -version 2>&1 | head -3 | tr '\n' ' ')
log "JDK: $JAVA ($JAVA_VERSION)${JAVA_OPTS:+ options: $JAVA_OPTS}"


# ---------------------------------------------------------------- test file
mkdir -p "$BENCH_DIR/share" "$BENCH_DIR/out"
test_file
log "source sha256 $SRC_SHA"
rm -f "$BENCH_DIR"/out/dl.*

# ---------------------------------------------------------------- peers

log "starting peers A (host) and B (downloader)"
start_peer A
start_peer B
wait_peer A
wait_peer B
A_ID=$(api GET "http://127.0.0.1:$A_UI/api/v1/identity" | json_field peerId)
B_ID=$(api GET "http://127.0.0.1:$B_UI/api/v1/identity" | json_field peerId)
log "A=$A_ID (pid $A_PID, ui $A_UI, mesh $A_MESH)"
log "B=$B_ID (pid $B_PID, ui $B_UI, mesh $B_MESH)"
api POST "http://127.0.0.1:$A_UI/api/v1/shares" "{\"name\":\"bench\",\"path\":\"$BENCH_DIR/share\"}" >/dev/null
api PUT "http://127.0.0.1:$A_UI/api/v1/shares/bench/grants/$B_ID" '{"access":"READ"}' >/dev/null
api POST "http://127.0.0.1:$B_UI/api/v1/contacts" "{\"peerId\":\"$A_ID\",\"address\":\"127.0.0.1:$A_MESH\"}" >/dev/null
PEER_URL="http://127.0.0.1:$B_UI/api/v1/contacts/$A_ID/shares/bench/big.bin"
MESH_URL="https://127.0.0.1:$A_MESH/peer/v1/shares/bench/big.bin"
B_KEY=$B_DATA/identity/peer.key
B_CRT=$B_DATA/identity/peer.crt

# ---------------------------------------------------------------- nginx
NG=$TMP/nginx
mkdir -p "$NG/logs" "$NG/tmp"
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
  log_format bench '\$request \$status \$body_bytes_sent \$ssl_protocol \$ssl_cipher client=\$ssl_client_verify t=\$request_time';
  access_log $NG/logs/access.log bench;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  default_type application/octet-stream;
  # No kTLS on this kernel, so with TLS nginx reads the file into output_buffers and encrypts
  # in user space; sendfile only applies to plain connections.
  sendfile on;
  tcp_nopush on;
  output_buffers 2 512k;
  ssl_buffer_size 16k;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $NG/server.crt;
    ssl_certificate_key $NG/server.key;
    ssl_protocols TLSv1.3;
    ssl_verify_client on;
    ssl_client_certificate $NG/client.crt;
    root $BENCH_DIR/share;
    location / { }
  }
}
EOF
"$NGINX" -p "$NG" -c "$NG/nginx.conf" -e "$NG/logs/error.log" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
NGINX_URL="https://127.0.0.1:$NGINX_PORT/big.bin"
for _ in $(seq 100); do
  curl -sk --cert "$NG/client.crt" --key "$NG/client.key" -o /dev/null -r 0-0 "$NGINX_URL" 2>/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NG/logs/error.log"; die "nginx exited"; }
  sleep 0.1
done
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)
[[ -n "$NGINX_WORKER" ]] || die "no nginx worker"

# ---------------------------------------------------------------- preflight: TLS parameters
tls_of() { # curl args... -> "TLSv1.3 / TLS_AES_256_GCM_SHA384 / status"
  curl -sS -v -o /dev/null -r 0-0 "$@" 2>&1 | sed -n 's/^\* SSL connection using \(.*\)$/\1/p; s/^< HTTP\/[0-9.]* \([0-9]*\).*/HTTP \1/p' | tr '\n' ' '
}
NGINX_TLS=$(tls_of -k --cert "$NG/client.crt" --key "$NG/client.key" "$NGINX_URL")
MESH_TLS=$(tls_of -k --cert "$B_CRT" --key "$B_KEY" "$MESH_URL")
NOCERT=$(curl -sk -o /dev/null -w '%{http_code}' -r 0-0 "$MESH_URL" 2>/dev/null || true)
PEER_PRE=$(curl -sS -o /dev/null -w 'HTTP %{http_code}' -r 0-0 "$PEER_URL")
log "nginx preflight: $NGINX_TLS; last access: $(tail -1 "$NG/logs/access.log")"
log "mesh  preflight (curl with B's Ed25519 cert): $MESH_TLS; without a client cert: ${NOCERT:-handshake refused}"
log "peer  preflight (B's local API): $PEER_PRE"
[[ "$NGINX_TLS" == *TLSv1.3* && "$NGINX_TLS" == *"HTTP 206"* ]] || die "nginx preflight failed: $NGINX_TLS"
[[ "$MESH_TLS" == *TLSv1.3* && "$MESH_TLS" == *"HTTP 206"* ]] || die "mesh preflight failed: $MESH_TLS"
[[ "$PEER_PRE" == "HTTP 206" ]] || die "peer preflight failed: $PEER_PRE"

# ---------------------------------------------------------------- timed runs
threads() { # pid -> lines "pid tid ticks comm" for every thread
  python3 - "$1" <<'PY'
import os, sys
pid = sys.argv[1]
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        st = open(f"/proc/{pid}/task/{tid}/stat").read()
        comm = st[st.index("(") + 1:st.rindex(")")].replace(" ", "_")
        f = st[st.rindex(")") + 2:].split()
        print(pid, tid, int(f[11]) + int(f[12]), comm)
    except OSError:
        pass
PY
}
RESULTS=$TMP/results.tsv
: >"$RESULTS"
FAILED=0


run_one() { # method run -> appends "method run bytes secs cpuA cpuB cpuNginx curlCpu" (cpu in % of one core)
  local method=$1 run=$2 out=$BENCH_DIR/out/dl.$1 url args=()
  case $method in
    nginx) url=$NGINX_URL; args=(-k --cert "$NG/client.crt" --key "$NG/client.key") ;;
    peer)  url=$PEER_URL ;;
    mesh)  url=$MESH_URL; args=(-k --cert "$B_CRT" --key "$B_KEY") ;;
  esac
  rm -f "$out"; sync
  quiet_wait
  local a0 b0 n0 a1 b1 n1 u0 u1 tm
  { threads "$A_PID"; threads "$B_PID"; } >"$TMP/threads0.$method"
  u0=$(busy); a0=$(ticks "$A_PID"); b0=$(ticks "$B_PID"); n0=$(ticks "$NGINX_WORKER")
  local TIMEFORMAT='%U %S'
  tm=$( { time curl -sS -f "${args[@]}" -o "$out" -w '%{size_download} %{time_total} %{http_code}\n' "$url" >"$TMP/curl.out" 2>"$TMP/curl.err"; } 2>&1 ) \
    || { cat "$TMP/curl.err" >&2; die "$method run $run: curl failed"; }
  u1=$(busy); a1=$(ticks "$A_PID"); b1=$(ticks "$B_PID"); n1=$(ticks "$NGINX_WORKER")
  { threads "$A_PID"; threads "$B_PID"; } >"$TMP/threads1.$method"
  read -r got secs code <"$TMP/curl.out"
  read -r cu cs <<<"$tm"
  # Verification is outside the timed part.
  local size sha
  size=$(stat -c %s "$out")
  sha=$(sha256sum "$out" | cut -d' ' -f1)
  local ok=ok
  if [[ "$size" != "$BYTES" || "$sha" != "$SRC_SHA" || "$code" != 200 ]]; then
    ok=MISMATCH; FAILED=1
    log "VERIFY FAILED: $method run $run: http $code, $size bytes, sha256 $sha (want $BYTES, $SRC_SHA)"
  fi
  rm -f "$out"
  python3 - "$method" "$run" "$got" "$secs" "$((a1-a0))" "$((b1-b0))" "$((n1-n0))" "$cu" "$cs" "$HZ" "$ok" "$((u1-u0))" >>"$RESULTS" <<'PY'
import sys
m, r, got, secs, da, db, dn, cu, cs, hz, ok, du = sys.argv[1:]
secs = float(secs); hz = float(hz)
pct = lambda t: 100.0 * int(t) / hz / secs
curl = 100 * (float(cu) + float(cs)) / secs
other = max(0.0, pct(du) - pct(da) - pct(db) - pct(dn) - curl)
print(f"{m}\t{r}\t{got}\t{secs:.3f}\t{pct(da):.0f}\t{pct(db):.0f}\t{pct(dn):.0f}\t{curl:.0f}\t{ok}\t{pct(du):.0f}\t{other:.0f}")
PY
  local line; line=$(tail -1 "$RESULTS")
  log "run $run $method: $(awk -F'\t' '{printf "%.0f MB/s, %.2f s, CPU%%: A %s B %s nginx %s curl %s, whole machine %s (other %s), sha256 %s", $3/$4/1e6, $4, $5, $6, $7, $8, $10, $11, $9}' <<<"$line")"
}

# JIT warm-up (untimed): the JVMs' C2 compiler otherwise burns a core during the first runs.
WARMUP_BYTES=$(numfmt --from=iec "$WARMUP")
if (( WARMUP_BYTES > 0 )); then
  log "untimed warm-up: first $WARMUP of the file, twice through each path, to /dev/null"
  for _ in 1 2; do
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" "$PEER_URL"
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" -k --cert "$B_CRT" --key "$B_KEY" "$MESH_URL"
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" -k --cert "$NG/client.crt" --key "$NG/client.key" "$NGINX_URL"
  done
fi
# The first full-size write of a run was always the slowest for every method (page allocation in
# the page cache): write one untimed full copy first.
log "untimed warm-up: one full download through nginx to disk (then deleted)"
curl -fsS -o "$BENCH_DIR/out/dl.warmup" -k --cert "$NG/client.crt" --key "$NG/client.key" "$NGINX_URL"
rm -f "$BENCH_DIR/out/dl.warmup"; sync
log "load average before runs: $(cut -d' ' -f1-3 /proc/loadavg)"
log "timed runs: $RUNS each, interleaved (nginx, peer, mesh); downloads written to $BENCH_DIR/out"
for run in $(seq "$RUNS"); do
  run_one nginx "$run"
  run_one peer "$run"
  run_one mesh "$run"
done

HWM_A=$(awk '/VmHWM/{print $2}' "/proc/$A_PID/status")
HWM_B=$(awk '/VmHWM/{print $2}' "/proc/$B_PID/status")
HWM_N=$(awk '/VmHWM/{print $2}' "/proc/$NGINX_WORKER/status")

# ---------------------------------------------------------------- summary
python3 - "$RESULTS" "$BYTES" "$HWM_A" "$HWM_B" "$HWM_N" "$JAVA_VERSION" "$NGINX_TLS" "$MESH_TLS" <<'PY'
import sys, statistics as st
path, nbytes, hwa, hwb, hwn, jv, ntls, mtls = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
names = {"nginx": "nginx -> curl (mTLS 1.3, Ed25519)",
         "peer": "peer A -> peer B -> curl (B's local API)",
         "mesh": "peer A mesh -> curl (B's cert; informational)"}
med = {}
print()
print(f"Drawbridge download benchmark: {int(nbytes)} bytes ({int(nbytes)/2**30:.2f} GiB), {len(rows)//3} runs per method")
print(f"JDK: {jv}")
import os
if os.environ.get("JAVA_OPTS"): print(f"JAVA_OPTS: {os.environ['JAVA_OPTS']}")
print(f"nginx TLS: {ntls}   mesh TLS: {mtls}")
print()
print(f"{'method':48} {'median MB/s':>11} {'MiB/s':>7} {'runs MB/s':>18} {'CPU% A':>7} {'CPU% B':>7} {'nginx':>6} {'curl':>5} {'machine':>8} {'other':>6}")
for m in ("nginx", "peer", "mesh"):
    rs = [r for r in rows if r[0] == m]
    rates = [int(r[2]) / float(r[3]) for r in rs]
    med[m] = st.median(rates)
    cols = lambda i: st.median([float(r[i]) for r in rs])
    print(f"{names[m]:48} {med[m]/1e6:11.0f} {med[m]/2**20:7.0f} {' '.join(f'{x/1e6:.0f}' for x in rates):>18} "
          f"{cols(4):7.0f} {cols(5):7.0f} {cols(6):6.0f} {cols(7):5.0f} {cols(9):8.0f} {cols(10):6.0f}")
print()
print(f"ratio peer/nginx: {med['peer']/med['nginx']:.2f}x   (target >= 1.00x)")
print(f"ratio mesh-direct/nginx: {med['mesh']/med['nginx']:.2f}x")
print(f"peak RSS (VmHWM): peer A {int(hwa)/1024:.0f} MiB, peer B {int(hwb)/1024:.0f} MiB, nginx worker {int(hwn)/1024:.0f} MiB")
print(f"CPU% = median percent of one core over the run's wall time ({__import__('os').cpu_count()} cores = {100*__import__('os').cpu_count()}%);")
print("machine = all non-idle CPU time, other = machine minus A, B, nginx and curl (background load).")
bad = [r for r in rows if r[8] != "ok"]
print("verification: " + ("ALL OK (size + SHA-256 of every download)" if not bad else f"{len(bad)} FAILED"))
PY

python3 - "$TMP" "$A_PID" "$B_PID" "$HZ" "$RESULTS" <<'PY'
import sys, re
tmp, apid, bpid, hz, res = sys.argv[1:]
secs = {r.split("\t")[0]: float(r.split("\t")[3]) for r in open(res) if r.strip()}  # last run of each
def load(f):
    d = {}
    for l in open(f):
        pid, tid, t, comm = l.split(maxsplit=3)
        d[(pid, tid)] = (int(t), comm.strip())
    return d
for m in ("peer", "mesh"):
    a, b = load(f"{tmp}/threads0.{m}"), load(f"{tmp}/threads1.{m}")
    rows = []
    for k, (t1, comm) in b.items():
        d = t1 - a.get(k, (0, ""))[0]
        pct = 100.0 * d / float(hz) / secs[m]
        if pct >= 3:
            rows.append((pct, "A" if k[0] == apid else "B", comm))
    rows.sort(reverse=True)
    print(f"busiest peer threads during the last '{m}' run: " + ", ".join(f"{w}:{c} {p:.0f}%" for p, w, c in rows[:8]))
PY

[[ "$FAILED" == 0 ]] || die "SHA-256 verification failed"
