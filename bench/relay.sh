#!/usr/bin/env bash
# Drawbridge relay benchmark on loopback: the same large file downloaded directly and through a
# relay, interleaved in one run, plus connection set-up time (p50/p90) direct vs relayed.
#
#   bench/relay.sh                        # from the repo root
#   RUNS=3 SETUP_N=50 bench/relay.sh
#
# Methods (timed runs interleaved in this order, RUNS times):
#   direct   peer A mesh -> peer B -> curl on B's local API     (B's contact has A's address;
#                                                                transports default)
#   relayed  peer A mesh -> relay -> peer B2 -> curl on B2's API (B2: DRAWBRIDGE_MESH_TRANSPORTS=relay,
#                                                                contact by PeerId only)
#   proxy    A mesh -> relay -> curl --proxy (CONNECT <A>.drawbridge:7778, B's client cert) (informational)
#   mesh     A mesh -> curl straight to A's mesh port, B's client cert           (informational)
#
# Environment: RUNS (default 3), SIZE (2G), BENCH_DIR (bench/work), JAVA, JAVA_OPTS, WARMUP (256M),
# QUIET_WAIT (120), KEEP_LOGS, SETUP_N (set-up time samples per method, default 50; 0 = skip),
# PEER_SETUP_N (peer-level refresh+status samples per peer, default 20; 0 = skip) — as in download.sh.
#
# Everything listens on 127.0.0.1 only. Processes started here are stopped by PID on exit.
set -euo pipefail
BENCH_TAG=relay-bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
SIZE=${SIZE:-2G}
BENCH_DIR=${BENCH_DIR:-$ROOT/bench/work}
KEEP_LOGS=${KEEP_LOGS:-0}
WARMUP=${WARMUP:-256M}
QUIET_WAIT=${QUIET_WAIT:-120}
SETUP_N=${SETUP_N:-50}
PEER_SETUP_N=${PEER_SETUP_N:-20}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
RELAY_JAR=$ROOT/relay/target/drawbridge-relay.jar

if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    JAVA=$(command -v java)
  fi
fi


# ---------------------------------------------------------------- cleanup
PIDS=()
TMP=$(mktemp -d /tmp/drawbridge-relay-bench.XXXXXX)
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$BENCH_DIR"/out/dl.* 2>/dev/null || true
  if [[ "$KEEP_LOGS" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in curl sha256sum python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
if [[ ! -f "$JAR" || ! -f "$RELAY_JAR" ]]; then
  log "building $JAR and $RELAY_JAR"
  (cd "$ROOT" && ./mvnw -B -DskipTests package >"$TMP/build.log" 2>&1) || { tail -50 "$TMP/build.log"; die "build failed"; }
fi
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -3 | tr '\n' ' ')
log "JDK: $JAVA ($JAVA_VERSION)${JAVA_OPTS:+ options: $JAVA_OPTS}"


# ---------------------------------------------------------------- test file (as download.sh)
mkdir -p "$BENCH_DIR/share" "$BENCH_DIR/out"
test_file
log "source sha256 $SRC_SHA"
rm -f "$BENCH_DIR"/out/dl.*

# ---------------------------------------------------------------- relay
RELAY_CTRL=$(free_port); RELAY_CIRC=$(free_port)
while [[ "$RELAY_CIRC" == "$RELAY_CTRL" ]]; do RELAY_CIRC=$(free_port); done
mkdir -p "$TMP/relay"
"$JAVA" ${JAVA_OPTS:-} -jar "$RELAY_JAR" --data-dir "$TMP/relay" --host 127.0.0.1 \
  --control-port "$RELAY_CTRL" --circuit-port "$RELAY_CIRC" >"$TMP/relay.log" 2>&1 &
RELAY_PID=$!
PIDS+=("$RELAY_PID")
for _ in $(seq 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$RELAY_CIRC") 2>/dev/null && break
  kill -0 "$RELAY_PID" 2>/dev/null || { cat "$TMP/relay.log"; die "relay exited"; }
  sleep 0.1
done
log "relay pid $RELAY_PID: control 127.0.0.1:$RELAY_CTRL, circuits 127.0.0.1:$RELAY_CIRC"

# ---------------------------------------------------------------- peers
wait_relay_connected() { # name
  local ui=${1}_UI; ui=${!ui}
  for _ in $(seq 300); do
    curl -fsS "http://127.0.0.1:$ui/api/v1/network" 2>/dev/null | grep -q '"connected":true' && return 0
    sleep 0.2
  done
  curl -sS "http://127.0.0.1:$ui/api/v1/network" >&2 || true
  tail -40 "$TMP/peer-$1.log"; die "peer $1 not connected to the relay after 60 s"
}

RELAYS=127.0.0.1:$RELAY_CTRL
log "starting peers A (host, relay configured), B (direct guest), B2 (relay-only guest)"
start_peer A DRAWBRIDGE_RELAYS="$RELAYS"
start_peer B
start_peer B2 DRAWBRIDGE_RELAYS="$RELAYS" DRAWBRIDGE_MESH_TRANSPORTS=relay
wait_peer A; wait_peer B; wait_peer B2
A_ID=$(api GET "http://127.0.0.1:$A_UI/api/v1/identity" | json_field peerId)
B_ID=$(api GET "http://127.0.0.1:$B_UI/api/v1/identity" | json_field peerId)
B2_ID=$(api GET "http://127.0.0.1:$B2_UI/api/v1/identity" | json_field peerId)
log "A=$A_ID (pid $A_PID, ui $A_UI, mesh $A_MESH)"
log "B=$B_ID (pid $B_PID, ui $B_UI)  B2=$B2_ID (pid $B2_PID, ui $B2_UI)"
wait_relay_connected A
wait_relay_connected B2
api POST "http://127.0.0.1:$A_UI/api/v1/shares" "{\"name\":\"bench\",\"path\":\"$BENCH_DIR/share\"}" >/dev/null
api PUT "http://127.0.0.1:$A_UI/api/v1/shares/bench/grants/$B_ID" '{"access":"READ"}' >/dev/null
api PUT "http://127.0.0.1:$A_UI/api/v1/shares/bench/grants/$B2_ID" '{"access":"READ"}' >/dev/null
api POST "http://127.0.0.1:$B_UI/api/v1/contacts" "{\"peerId\":\"$A_ID\",\"address\":\"127.0.0.1:$A_MESH\"}" >/dev/null
api POST "http://127.0.0.1:$B2_UI/api/v1/contacts" "{\"peerId\":\"$A_ID\"}" >/dev/null

ROUTE_B=$(api GET "http://127.0.0.1:$B_UI/api/v1/contacts/$A_ID/status")
ROUTE_B2=$(api GET "http://127.0.0.1:$B2_UI/api/v1/contacts/$A_ID/status")
log "B  -> A status: $ROUTE_B"
log "B2 -> A status: $ROUTE_B2"
[[ "$ROUTE_B" == *'"route":"direct '* ]] || die "B's route to A is not direct: $ROUTE_B"
[[ "$ROUTE_B2" == *'"route":"relayed via '* ]] || die "B2's route to A is not relayed: $ROUTE_B2"

B_KEY=$B_DATA/identity/peer.key
B_CRT=$B_DATA/identity/peer.crt
CERT=(-k --cert "$B_CRT" --key "$B_KEY")
PROXY=(--proxy "http://127.0.0.1:$RELAY_CIRC")
A_HOST=$(tr 'A-Z' 'a-z' <<<"$A_ID").drawbridge
DIRECT_URL="http://127.0.0.1:$B_UI/api/v1/contacts/$A_ID/shares/bench/big.bin"
RELAYED_URL="http://127.0.0.1:$B2_UI/api/v1/contacts/$A_ID/shares/bench/big.bin"
MESH_URL="https://127.0.0.1:$A_MESH/peer/v1/shares/bench/big.bin"
PROXY_URL="https://$A_HOST:7778/peer/v1/shares/bench/big.bin"

# ---------------------------------------------------------------- preflight
tls_of() {
  curl -sS -v -o /dev/null -r 0-0 "$@" 2>&1 | sed -n 's/^\* SSL connection using \(.*\)$/\1/p; s/^< HTTP\/[0-9.]* \([0-9]*\).*/HTTP \1/p' | tr '\n' ' '
}
MESH_TLS=$(tls_of "${CERT[@]}" "$MESH_URL")
PROXY_TLS=$(tls_of "${CERT[@]}" "${PROXY[@]}" "$PROXY_URL")
log "mesh  preflight: $MESH_TLS"
log "proxy preflight (CONNECT via relay): $PROXY_TLS"
[[ "$MESH_TLS" == *TLSv1.3*"HTTP 206"* ]] || die "mesh preflight failed: $MESH_TLS"
[[ "$PROXY_TLS" == *"HTTP 200"*TLSv1.3*"HTTP 206"* ]] || die "proxy preflight failed: $PROXY_TLS"
for u in "$DIRECT_URL" "$RELAYED_URL"; do
  pre=$(curl -sS -o /dev/null -w 'HTTP %{http_code}' -r 0-0 "$u")
  [[ "$pre" == "HTTP 206" ]] || die "preflight $u: $pre"
done

# ---------------------------------------------------------------- measurement helpers
RESULTS=$TMP/results.tsv
: >"$RESULTS"
FAILED=0
WATCH=("$A_PID" "$B_PID" "$B2_PID" "$RELAY_PID")   # columns A B B2 relay


run_one() { # method run -> appends "method run bytes secs cpuA cpuB cpuB2 cpuRelay curl ok machine other"
  local method=$1 run=$2 out=$BENCH_DIR/out/dl.$1 url args=()
  case $method in
    direct)  url=$DIRECT_URL ;;
    relayed) url=$RELAYED_URL ;;
    proxy)   url=$PROXY_URL; args=("${CERT[@]}" "${PROXY[@]}") ;;
    mesh)    url=$MESH_URL; args=("${CERT[@]}") ;;
  esac
  rm -f "$out"; sync
  quiet_wait
  local t0=() t1=() p u0 u1 tm
  u0=$(busy); for p in "${WATCH[@]}"; do t0+=("$(ticks "$p")"); done
  local TIMEFORMAT='%U %S'
  tm=$( { time curl -sS -f "${args[@]}" -o "$out" -w '%{size_download} %{time_total} %{http_code}\n' "$url" >"$TMP/curl.out" 2>"$TMP/curl.err"; } 2>&1 ) \
    || { cat "$TMP/curl.err" >&2; die "$method run $run: curl failed"; }
  u1=$(busy); for p in "${WATCH[@]}"; do t1+=("$(ticks "$p")"); done
  read -r got secs code <"$TMP/curl.out"
  read -r cu cs <<<"$tm"
  local size sha ok=ok
  size=$(stat -c %s "$out")
  sha=$(sha256sum "$out" | cut -d' ' -f1)
  if [[ "$size" != "$BYTES" || "$sha" != "$SRC_SHA" || "$code" != 200 ]]; then
    ok=MISMATCH; FAILED=1
    log "VERIFY FAILED: $method run $run: http $code, $size bytes, sha256 $sha (want $BYTES, $SRC_SHA)"
  fi
  rm -f "$out"
  python3 - "$method" "$run" "$got" "$secs" "$HZ" "$ok" "$((u1-u0))" "$cu" "$cs" \
    "$((t1[0]-t0[0]))" "$((t1[1]-t0[1]))" "$((t1[2]-t0[2]))" "$((t1[3]-t0[3]))" >>"$RESULTS" <<'PY'
import sys
m, r, got, secs, hz, ok, du, cu, cs, da, db, db2, dr = sys.argv[1:]
secs = float(secs); hz = float(hz)
pct = lambda t: 100.0 * int(t) / hz / secs
curl = 100 * (float(cu) + float(cs)) / secs
procs = [pct(da), pct(db), pct(db2), pct(dr)]
other = max(0.0, pct(du) - sum(procs) - curl)
print("\t".join([m, r, got, f"{secs:.3f}"] + [f"{x:.0f}" for x in procs] + [f"{curl:.0f}", ok, f"{pct(du):.0f}", f"{other:.0f}"]))
PY
  local line; line=$(tail -1 "$RESULTS")
  log "run $run $method: $(awk -F'\t' '{printf "%.0f MB/s, %.2f s, CPU%%: A %s B %s B2 %s relay %s curl %s, machine %s (other %s), sha256 %s", $3/$4/1e6, $4, $5, $6, $7, $8, $9, $11, $12, $10}' <<<"$line")"
}

# ---------------------------------------------------------------- warm-up
WARMUP_BYTES=$(numfmt --from=iec "$WARMUP")
if (( WARMUP_BYTES > 0 )); then
  log "untimed warm-up: first $WARMUP of the file, twice through each path, to /dev/null"
  for _ in 1 2; do
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" "$DIRECT_URL"
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" "$RELAYED_URL"
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" "${CERT[@]}" "${PROXY[@]}" "$PROXY_URL"
    curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" "${CERT[@]}" "$MESH_URL"
  done
fi
log "untimed warm-up: one full download (mesh) to disk, then deleted"
curl -fsS -o "$BENCH_DIR/out/dl.warmup" "${CERT[@]}" "$MESH_URL"
rm -f "$BENCH_DIR/out/dl.warmup"; sync

# ---------------------------------------------------------------- timed downloads
log "load average before runs: $(cut -d' ' -f1-3 /proc/loadavg)"
log "timed runs: $RUNS each, interleaved (direct, relayed, proxy, mesh)"
for run in $(seq "$RUNS"); do
  for m in direct relayed proxy mesh; do run_one "$m" "$run"; done
done
# Routes again after the runs: the relayed peer must still be relayed (no silent upgrade).
ROUTE_B2_AFTER=$(api GET "http://127.0.0.1:$B2_UI/api/v1/contacts/$A_ID/status")
[[ "$ROUTE_B2_AFTER" == *'"route":"relayed via '* ]] || die "B2's route changed: $ROUTE_B2_AFTER"

# ---------------------------------------------------------------- connection set-up time
# curl's time_appconnect = TCP connect (+ CONNECT through the relay, the relay's INCOMING to A,
# A's DBJ1 join) + the mutual TLS 1.3 handshake with A. One fresh curl process per sample.
# The relay allows 20 new connections/s per source IP (burst 40) and every relayed sample costs
# two (curl's CONNECT, A's join), so samples are paced at >= 0.15 s.
SETUP=$TMP/setup.tsv
: >"$SETUP"
if (( SETUP_N > 0 )); then
  HELLO_DIRECT="https://127.0.0.1:$A_MESH/peer/v1/hello"
  HELLO_PROXY="https://$A_HOST:7778/peer/v1/hello"
  log "connection set-up: $SETUP_N samples each of curl time_appconnect to /peer/v1/hello, direct and via relay (interleaved)"
  for _ in 1 2 3 4 5; do # untimed warm-up of the handshake code paths
    curl -fsS -o /dev/null "${CERT[@]}" "$HELLO_DIRECT"; curl -fsS -o /dev/null "${CERT[@]}" "${PROXY[@]}" "$HELLO_PROXY"; sleep 0.15
  done
  for i in $(seq "$SETUP_N"); do
    printf 'curl-direct\t%s\n' "$(curl -fsS -o /dev/null -w '%{time_appconnect}' "${CERT[@]}" "$HELLO_DIRECT")" >>"$SETUP"
    printf 'curl-relayed\t%s\n' "$(curl -fsS -o /dev/null -w '%{time_appconnect}' "${CERT[@]}" "${PROXY[@]}" "$HELLO_PROXY")" >>"$SETUP"
    sleep 0.15
  done
fi
# Peer level: forget every link, then GET status (dials A and does one request): B vs B2.
# Timed with curl's time_total on the local API (one loopback HTTP request on top).
if (( PEER_SETUP_N > 0 )); then
  log "peer-level set-up: $PEER_SETUP_N samples each of network/refresh + contacts/{A}/status, B (direct) and B2 (relayed)"
  for i in $(seq "$PEER_SETUP_N"); do
    for who in B B2; do
      ui=${who}_UI; ui=${!ui}
      api POST "http://127.0.0.1:$ui/api/v1/network/refresh" >/dev/null
      sleep 0.2
      r=$(curl -fsS -o "$TMP/status.json" -w '%{time_total}' "http://127.0.0.1:$ui/api/v1/contacts/$A_ID/status")
      route=$(json_field route <"$TMP/status.json")
      printf 'peer-%s\t%s\t%s\n' "$who" "$r" "$route" >>"$SETUP"
    done
  done
fi

for p in A B B2; do pid=${p}_PID; printf -v "HWM_$p" %s "$(awk '/VmHWM/{print $2}' "/proc/${!pid}/status")"; done
HWM_R=$(awk '/VmHWM/{print $2}' "/proc/$RELAY_PID/status")

# ---------------------------------------------------------------- summary
python3 - "$RESULTS" "$SETUP" "$BYTES" "$JAVA_VERSION" "$MESH_TLS" "$PROXY_TLS" "$HWM_A" "$HWM_B" "$HWM_B2" "$HWM_R" <<'PY'
import sys, os, statistics as st
res, setup, nbytes, jv, mtls, ptls, hwa, hwb, hwb2, hwr = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(res) if l.strip()]
names = {"direct": "A -> B -> curl (direct, B's API)",
         "relayed": "A -> relay -> B2 -> curl (B2's API)",
         "proxy": "A -> relay -> curl --proxy (informational)",
         "mesh": "A -> curl direct to mesh (informational)"}
print()
print(f"Drawbridge relay benchmark: {int(nbytes)} bytes ({int(nbytes)/2**30:.2f} GiB), {len(rows)//4} runs per method")
print(f"JDK: {jv}")
if os.environ.get("JAVA_OPTS"): print(f"JAVA_OPTS: {os.environ['JAVA_OPTS']}")
print(f"mesh TLS: {mtls}  proxy: {ptls}")
print()
print(f"{'method':44} {'median MB/s':>11} {'MiB/s':>6} {'runs MB/s':>16} {'A':>4} {'B':>4} {'B2':>4} {'relay':>5} {'curl':>5} {'machine':>7} {'other':>5}")
med = {}
for m in ("direct", "relayed", "proxy", "mesh"):
    rs = [r for r in rows if r[0] == m]
    rates = [int(r[2]) / float(r[3]) for r in rs]
    med[m] = st.median(rates)
    c = lambda i: st.median([float(r[i]) for r in rs])
    print(f"{names[m]:44} {med[m]/1e6:11.0f} {med[m]/2**20:6.0f} {' '.join(f'{x/1e6:.0f}' for x in rates):>16} "
          f"{c(4):4.0f} {c(5):4.0f} {c(6):4.0f} {c(7):5.0f} {c(8):5.0f} {c(10):7.0f} {c(11):5.0f}")
print()
print(f"ratio relayed/direct (peer path): {med['relayed']/med['direct']:.2f}x   (target >= 0.70x)")
print(f"ratio proxy/mesh (curl, informational): {med['proxy']/med['mesh']:.2f}x")
print("CPU columns: median % of one core over the run's wall time (machine = 200 %).")
print(f"peak RSS (VmHWM): A {int(hwa)/1024:.0f} MiB, B {int(hwb)/1024:.0f} MiB, B2 {int(hwb2)/1024:.0f} MiB, relay {int(hwr)/1024:.0f} MiB")
bad = [r for r in rows if r[9] != "ok"]
print("verification: " + ("ALL OK (size + SHA-256 of every download)" if not bad else f"{len(bad)} FAILED"))
srows = [l.rstrip("\n").split("\t") for l in open(setup) if l.strip()]
if srows:
    print()
    print("connection set-up time (ms):")
    def q(xs, p):
        xs = sorted(xs); k = (len(xs) - 1) * p; f = int(k); c = min(f + 1, len(xs) - 1)
        return xs[f] + (xs[c] - xs[f]) * (k - f)
    targets = {"curl-direct": " (target p50 <= 20 ms)", "curl-relayed": " (target p50 <= 50 ms)"}
    for m in ("curl-direct", "curl-relayed", "peer-B", "peer-B2"):
        xs = [1000 * float(r[1]) for r in srows if r[0] == m]
        if not xs: continue
        routes = sorted({r[2].split(" ")[0] + " " + r[2].split(" ")[1] if len(r) > 2 else "" for r in srows if r[0] == m})
        print(f"  {m:13} n={len(xs):3}  p50 {q(xs,.5):6.1f}  p90 {q(xs,.9):6.1f}  min {min(xs):6.1f}  max {max(xs):7.1f}"
              + targets.get(m, "") + (f"  routes: {', '.join(x for x in routes if x.strip())}" if m.startswith("peer") else ""))
PY

[[ "$FAILED" == 0 ]] || die "SHA-256 verification failed"
