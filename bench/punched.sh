#!/usr/bin/env bash
# Drawbridge hole-punched download benchmark in a network-namespace lab (needs root, iproute2,
# iptables): a relay on a fake "internet", peer A behind cone NAT 1, peer B behind cone NAT 2.
# B finds A by PeerId only, the relay coordinates a TCP hole punch, and the file flows
# A -> NAT1 -> internet bridge -> NAT2 -> B -> curl (B's local API) without touching the relay.
#
#   bench/punched.sh                      # from the repo root, as root
#   RUNS=3 bench/punched.sh
#
#   internet 203.0.113.0/24 (bridge): relay 203.0.113.10 (control 7779, circuits 7780)
#     nat1 203.0.113.21 (MASQUERADE, home firewall) ── LAN 10.1.0.0/24: a 10.1.0.10, l 10.1.0.11
#     nat2 203.0.113.22 (MASQUERADE, home firewall) ── LAN 10.2.0.0/24: b 10.2.0.10
#
# Methods (interleaved, RUNS times each):
#   punched  A -> (NAT1, internet, NAT2; hole-punched TCP) -> peer B -> curl on B's API
#            (A and B: DRAWBRIDGE_MESH_TRANSPORTS=punch, relay configured, B adds A by PeerId only)
#   lan      A -> peer L on A's own LAN (no router, no NAT) -> curl on L's API
#            (L: DRAWBRIDGE_MESH_TRANSPORTS=direct, contact with A's LAN address). Baseline: the same
#            process chain (A, a guest peer, curl) in the same lab, minus the two NAT routers.
#
# Environment: RUNS (default 2), SIZE (2G), BENCH_DIR (bench/work), JAVA, JAVA_OPTS, WARMUP (256M),
# QUIET_WAIT (120), KEEP_LOGS (1 = keep peer/relay logs) — as in download.sh.
#
# Namespaces are named bd<4 random>-<name> (unique per run, <= 15 chars); every process started
# here is stopped by PID and every namespace deleted on exit. Nothing touches the root namespace's
# interfaces, routes or firewall; all traffic stays inside the namespaces made here.
set -euo pipefail
BENCH_TAG=punch-bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-2}
SIZE=${SIZE:-2G}
BENCH_DIR=${BENCH_DIR:-$ROOT/bench/work}
KEEP_LOGS=${KEEP_LOGS:-0}
WARMUP=${WARMUP:-256M}
QUIET_WAIT=${QUIET_WAIT:-120}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
RELAY_JAR=$ROOT/relay/target/drawbridge-relay.jar

if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    JAVA=$(command -v java)
  fi
fi


[[ $(id -u) == 0 ]] || die "needs root (ip netns, iptables)"
for tool in ip iptables curl sha256sum python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
[[ -f "$JAR" && -f "$RELAY_JAR" ]] || die "build first: ./mvnw -B -DskipTests package (peer jar and relay jar)"

# ---------------------------------------------------------------- cleanup
P=bd$(printf '%04x' "$RANDOM")   # namespace prefix, unique per run (bd????-nat1l: <= 11 chars)
NSS=()
PIDS=()
TMP=$(mktemp -d /tmp/drawbridge-punch-bench.XXXXXX)
cleanup() {
  local rc=$?
  stop_pids
  local i ns pid
  for ((i=${#NSS[@]}-1; i>=0; i--)); do
    ns=${NSS[i]}
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done  # only in our namespaces
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -f "$BENCH_DIR"/out/dl.* 2>/dev/null || true
  if [[ "$KEEP_LOGS" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- lab (as src/test/java/dev/drawbridge/netlab)
in_ns() { local ns=$1; shift; ip netns exec "$P-$ns" "$@"; }
mk_ns() { # name: namespace $P-name with lo up and bridge netfilter off
  ip netns add "$P-$1"
  NSS+=("$P-$1")
  ip -n "$P-$1" link set lo up
  in_ns "$1" sh -c 'for f in /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables /proc/sys/net/bridge/bridge-nf-call-arptables; do [ -w $f ] && echo 0 > $f; done; true'
}
mk_segment() { # name: a bridge br0 alone in its own namespace
  mk_ns "$1"
  ip -n "$P-$1" link add br0 type bridge stp_state 0 mcast_snooping 0
  ip -n "$P-$1" link set br0 up
}
attach() { # segment owner iface addr/prefix: veth made across the two namespaces, switch side to-<owner>
  local seg=$1 owner=$2 iface=$3 addr=$4
  ip -n "$P-$seg" link add "to-$owner" type veth peer name "$iface" netns "$P-$owner"
  ip -n "$P-$seg" link set "to-$owner" master br0 up
  ip -n "$P-$owner" addr add "$addr" dev "$iface"
  ip -n "$P-$owner" link set "$iface" up
}
mk_host() { # name segment addr/prefix [gateway]
  mk_ns "$1"
  attach "$2" "$1" eth0 "$3"
  [[ -z "${4:-}" ]] || ip -n "$P-$1" route add default via "$4"
}
mk_nat_router() { # name wan-addr lan-gateway/prefix: wan0 on inet, lan0 on segment <name>l; cone NAT + home firewall
  local r=$1
  mk_ns "$r"
  attach inet "$r" wan0 "$2/24"
  mk_segment "${r}l"
  attach "${r}l" "$r" lan0 "$3"
  in_ns "$r" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
  in_ns "$r" iptables -w -t nat -A POSTROUTING -o wan0 -j MASQUERADE     # port-preserving: "cone"
  in_ns "$r" iptables -w -P FORWARD DROP
  in_ns "$r" iptables -w -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  in_ns "$r" iptables -w -A FORWARD -i lan0 -o wan0 -j ACCEPT
  in_ns "$r" iptables -w -A INPUT -i wan0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  in_ns "$r" iptables -w -A INPUT -i wan0 -j DROP
}

T0=$(date +%s.%N)
mk_segment inet
mk_host relay inet 203.0.113.10/24
mk_nat_router nat1 203.0.113.21 10.1.0.1/24
mk_nat_router nat2 203.0.113.22 10.2.0.1/24
mk_host a nat1l 10.1.0.10/24 10.1.0.1
mk_host l nat1l 10.1.0.11/24 10.1.0.1
mk_host b nat2l 10.2.0.10/24 10.2.0.1
log "lab $P built in $(python3 -c "import time; print(f'{time.time()-$T0:.1f}')") s: namespaces ${NSS[*]}"
in_ns b ping -c1 -W2 203.0.113.10 >/dev/null || die "b cannot reach the relay host"
if in_ns relay ping -c1 -W1 203.0.113.22 >/dev/null 2>&1; then die "nat2 answers unsolicited pings: firewall missing"; fi

# ---------------------------------------------------------------- test file (as download.sh)
mkdir -p "$BENCH_DIR/share" "$BENCH_DIR/out"
test_file
rm -f "$BENCH_DIR"/out/dl.*

# ---------------------------------------------------------------- relay and peers
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -3 | tr '\n' ' ')
log "JDK: $JAVA ($JAVA_VERSION)${JAVA_OPTS:+ options: $JAVA_OPTS}"
mkdir -p "$TMP/relay"
ip netns exec "$P-relay" "$JAVA" ${JAVA_OPTS:-} -jar "$RELAY_JAR" --data-dir "$TMP/relay" --host 0.0.0.0 \
  --control-port 7779 --circuit-port 7780 >"$TMP/relay.log" 2>&1 &
RELAY_PID=$!; PIDS+=("$RELAY_PID")

RELAYS=203.0.113.10:7779
start_peer() { # host [env...] -> <HOST>_PID (the java process: `ip netns exec` execs it)
  local h=$1; shift
  mkdir -p "$TMP/peer-$h"
  ip netns exec "$P-$h" env DRAWBRIDGE_DATA_DIR="$TMP/peer-$h" DRAWBRIDGE_UI_PORT=7777 DRAWBRIDGE_MESH_PORT=7778 \
    DRAWBRIDGE_MESH_HOST=0.0.0.0 DRAWBRIDGE_MDNS_ENABLED=false "$@" \
    "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" >"$TMP/peer-$h.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  printf -v "${h^^}_PID" %s "$pid"
}
api() { # host method path [json]  (the peer's local API, from inside its namespace)
  local h=$1 method=$2 path=$3 body=${4:-}
  if [[ -n "$body" ]]; then
    in_ns "$h" curl -fsS -X "$method" -H 'Content-Type: application/json' --data "$body" "http://127.0.0.1:7777$path"
  else
    in_ns "$h" curl -fsS -X "$method" "http://127.0.0.1:7777$path"
  fi
}
wait_peer() {
  local h=$1 pid=${1^^}_PID; pid=${!pid}
  for _ in $(seq 900); do
    api "$h" GET /api/v1/identity >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -40 "$TMP/peer-$h.log"; die "peer $h exited"; }
    sleep 0.2
  done
  tail -40 "$TMP/peer-$h.log"; die "peer $h not ready"
}
wait_relay_connected() {
  for _ in $(seq 300); do
    api "$1" GET /api/v1/network 2>/dev/null | grep -q '"connected":true' && return 0
    sleep 0.2
  done
  api "$1" GET /api/v1/network >&2 || true; tail -30 "$TMP/peer-$1.log"; die "peer $1 not connected to the relay"
}

log "starting relay (203.0.113.10), A (10.1.0.10 behind nat1), B (10.2.0.10 behind nat2), L (10.1.0.11, A's LAN)"
start_peer a DRAWBRIDGE_RELAYS=$RELAYS DRAWBRIDGE_MESH_TRANSPORTS=punch
start_peer b DRAWBRIDGE_RELAYS=$RELAYS DRAWBRIDGE_MESH_TRANSPORTS=punch
start_peer l DRAWBRIDGE_MESH_TRANSPORTS=direct
wait_peer a; wait_peer b; wait_peer l
A_ID=$(api a GET /api/v1/identity | json_field peerId)
B_ID=$(api b GET /api/v1/identity | json_field peerId)
L_ID=$(api l GET /api/v1/identity | json_field peerId)
wait_relay_connected a
wait_relay_connected b
log "A=$A_ID  B=$B_ID  L=$L_ID; relay: $(api b GET /api/v1/network)"
api a POST /api/v1/shares "{\"name\":\"bench\",\"path\":\"$BENCH_DIR/share\"}" >/dev/null
api a PUT "/api/v1/shares/bench/grants/$B_ID" '{"access":"READ"}' >/dev/null
api a PUT "/api/v1/shares/bench/grants/$L_ID" '{"access":"READ"}' >/dev/null
api b POST /api/v1/contacts "{\"peerId\":\"$A_ID\"}" >/dev/null
api l POST /api/v1/contacts "{\"peerId\":\"$A_ID\",\"address\":\"10.1.0.10:7778\"}" >/dev/null

ROUTE_B=""
for _ in $(seq 30); do
  ROUTE_B=$(api b GET "/api/v1/contacts/$A_ID/status" || true)
  [[ "$ROUTE_B" == *'"reachable":true'* ]] && break
  sleep 1
done
ROUTE_L=$(api l GET "/api/v1/contacts/$A_ID/status")
log "B -> A status: $ROUTE_B"
log "L -> A status: $ROUTE_L"
[[ "$ROUTE_B" == *'"route":"hole-punched 203.0.113.21:'* ]] || {
  tail -30 "$TMP/peer-b.log" "$TMP/peer-a.log" "$TMP/relay.log"; die "B's route to A is not hole-punched: $ROUTE_B"; }
[[ "$ROUTE_L" == *'"route":"direct 10.1.0.10:7778"'* ]] || die "L's route to A is not direct: $ROUTE_L"
log "nat2 conntrack entries to 203.0.113.21: $(in_ns nat2 cat /proc/net/nf_conntrack 2>/dev/null | grep -c 'dst=203.0.113.21' || true)"

PUNCHED_URL="http://127.0.0.1:7777/api/v1/contacts/$A_ID/shares/bench/big.bin"
LAN_URL=$PUNCHED_URL   # same URL, asked in L's namespace
ns_of() { case $1 in punched) echo b ;; lan) echo l ;; esac; }
for m in punched lan; do
  pre=$(in_ns "$(ns_of $m)" curl -sS -o /dev/null -w 'HTTP %{http_code}' -r 0-0 "$PUNCHED_URL")
  [[ "$pre" == "HTTP 206" ]] || die "$m preflight: $pre"
done

# ---------------------------------------------------------------- timed runs
RESULTS=$TMP/results.tsv; : >"$RESULTS"
FAILED=0
WATCH=("$A_PID" "$B_PID" "$L_PID" "$RELAY_PID")
relay_bytes() { # bytes received on the relay host's eth0 (the file must not flow through it)
  awk -F'[: ]+' '/eth0/{print $3}' <(in_ns relay cat /proc/net/dev)
}
run_one() { # method run
  local method=$1 run=$2 out=$BENCH_DIR/out/dl.$1 ns; ns=$(ns_of "$1")
  rm -f "$out"; sync
  quiet_wait
  local t0=() t1=() p u0 u1 tm r0 r1
  r0=$(relay_bytes)
  u0=$(busy); for p in "${WATCH[@]}"; do t0+=("$(ticks "$p")"); done
  local TIMEFORMAT='%U %S'
  tm=$( { time in_ns "$ns" curl -sS -f -o "$out" -w '%{size_download} %{time_total} %{http_code}\n' "$PUNCHED_URL" >"$TMP/curl.out" 2>"$TMP/curl.err"; } 2>&1 ) \
    || { cat "$TMP/curl.err" >&2; die "$method run $run: curl failed"; }
  u1=$(busy); for p in "${WATCH[@]}"; do t1+=("$(ticks "$p")"); done
  r1=$(relay_bytes)
  read -r got secs code <"$TMP/curl.out"
  read -r cu cs <<<"$tm"
  local size sha ok=ok
  size=$(stat -c %s "$out"); sha=$(sha256sum "$out" | cut -d' ' -f1)
  if [[ "$size" != "$BYTES" || "$sha" != "$SRC_SHA" || "$code" != 200 ]]; then
    ok=MISMATCH; FAILED=1
    log "VERIFY FAILED: $method run $run: http $code, $size bytes, sha256 $sha (want $BYTES, $SRC_SHA)"
  fi
  rm -f "$out"
  python3 - "$method" "$run" "$got" "$secs" "$HZ" "$ok" "$((u1-u0))" "$cu" "$cs" "$((r1-r0))" \
    "$((t1[0]-t0[0]))" "$((t1[1]-t0[1]))" "$((t1[2]-t0[2]))" "$((t1[3]-t0[3]))" >>"$RESULTS" <<'PY'
import sys
m, r, got, secs, hz, ok, du, cu, cs, rb, da, db, dl, dr = sys.argv[1:]
secs = float(secs); hz = float(hz)
pct = lambda t: 100.0 * int(t) / hz / secs
curl = 100 * (float(cu) + float(cs)) / secs
procs = [pct(da), pct(db), pct(dl), pct(dr)]
other = max(0.0, pct(du) - sum(procs) - curl)
print("\t".join([m, r, got, f"{secs:.3f}"] + [f"{x:.0f}" for x in procs] + [f"{curl:.0f}", ok, f"{pct(du):.0f}", f"{other:.0f}", rb]))
PY
  log "run $run $method: $(awk -F'\t' '{printf "%.0f MB/s, %.2f s, CPU%%: A %s B %s L %s relay %s curl %s, machine %s (other/kernel %s), relay host rx %d KiB, sha256 %s", $3/$4/1e6, $4, $5, $6, $7, $8, $9, $11, $12, $13/1024, $10}' <<<"$(tail -1 "$RESULTS")")"
}

WARMUP_BYTES=$(numfmt --from=iec "$WARMUP")
if (( WARMUP_BYTES > 0 )); then
  log "untimed warm-up: first $WARMUP twice through each path, to /dev/null"
  for _ in 1 2; do
    for m in punched lan; do in_ns "$(ns_of $m)" curl -fsS -o /dev/null -r "0-$((WARMUP_BYTES-1))" "$PUNCHED_URL"; done
  done
fi
log "untimed warm-up: one full download (lan) to disk, then deleted"
in_ns l curl -fsS -o "$BENCH_DIR/out/dl.warmup" "$PUNCHED_URL"; rm -f "$BENCH_DIR/out/dl.warmup"; sync

log "timed runs: $RUNS each, interleaved (punched, lan); relay host eth0 rx so far: $(relay_bytes) bytes"
for run in $(seq "$RUNS"); do
  for m in punched lan; do run_one "$m" "$run"; done
done
ROUTE_B_AFTER=$(api b GET "/api/v1/contacts/$A_ID/status")
[[ "$ROUTE_B_AFTER" == *'"route":"hole-punched '* ]] || die "B's route changed during the runs: $ROUTE_B_AFTER"

python3 - "$RESULTS" "$BYTES" "$JAVA_VERSION" "$ROUTE_B" <<'PY'
import sys, json, statistics as st
res, nbytes, jv, route = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(res) if l.strip()]
names = {"punched": "A -> NAT1 -> NAT2 -> B -> curl (hole-punched)",
         "lan": "A -> L (same LAN, no NAT) -> curl (baseline)"}
print()
print(f"Drawbridge hole-punched download benchmark: {int(nbytes)} bytes ({int(nbytes)/2**30:.2f} GiB), {len(rows)//2} runs per method")
print(f"JDK: {jv}")
print(f"B's route to A: {json.loads(route)['route']}")
print()
print(f"{'method':48} {'median MB/s':>11} {'MiB/s':>6} {'runs MB/s':>12} {'A':>4} {'B':>4} {'L':>4} {'relay':>5} {'curl':>5} {'machine':>7} {'other':>5} {'relay rx':>9}")
med = {}
for m in ("punched", "lan"):
    rs = [r for r in rows if r[0] == m]
    rates = [int(r[2]) / float(r[3]) for r in rs]
    med[m] = st.median(rates)
    c = lambda i: st.median([float(r[i]) for r in rs])
    print(f"{names[m]:48} {med[m]/1e6:11.0f} {med[m]/2**20:6.0f} {' '.join(f'{x/1e6:.0f}' for x in rates):>12} "
          f"{c(4):4.0f} {c(5):4.0f} {c(6):4.0f} {c(7):5.0f} {c(8):5.0f} {c(10):7.0f} {c(11):5.0f} {max(int(r[12]) for r in rs)/1024:7.0f}Ki")
print()
print(f"ratio punched/lan: {med['punched']/med['lan']:.2f}x")
print("CPU: median % of one core over the run (machine = 200 %); 'other' includes the routers' NAT/forwarding (kernel softirq).")
print("relay rx = max bytes received on the relay host's interface during a run (the file must not cross it).")
bad = [r for r in rows if r[9] != "ok"]
print("verification: " + ("ALL OK (size + SHA-256 of every download)" if not bad else f"{len(bad)} FAILED"))
PY
[[ "$FAILED" == 0 ]] || die "SHA-256 verification failed"
