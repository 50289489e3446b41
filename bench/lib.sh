# Helpers shared by the bench/*.sh scripts. Source it after `set -euo pipefail` and after setting
# BENCH_TAG (the log prefix) and QUIET_WAIT (seconds to wait for an idle machine).
HZ=$(getconf CLK_TCK)

log() { printf '[%s %s] %s\n' "${BENCH_TAG:-bench}" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }             # pid -> utime+stime in clock ticks
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }  # all CPUs: non-idle ticks since boot

# Waits (up to QUIET_WAIT s) until the machine is idle for a second: others' load skews runs.
quiet_wait() {
  local waited=0 u0 u1
  while (( waited < QUIET_WAIT )); do
    u0=$(busy); sleep 1; u1=$(busy)
    (( (u1 - u0) * 100 < HZ * 15 )) && { (( waited > 0 )) && log "quiet after ${waited}s"; return 0; }
    (( waited == 0 )) && log "machine busy ($(( (u1 - u0) * 100 / HZ ))% CPU from other processes); waiting up to ${QUIET_WAIT}s"
    waited=$((waited + 1))
  done
  log "still busy after ${QUIET_WAIT}s; running anyway (see the 'other' column)"
}

# The shared test file: $BENCH_DIR/share/big.bin of $SIZE random bytes, made once and reused.
# Sets SRC, BYTES and SRC_SHA; hashing it also warms the page cache, so timed runs read memory.
test_file() {
  mkdir -p "$BENCH_DIR/share"
  SRC=$BENCH_DIR/share/big.bin
  local want
  want=$(numfmt --from=iec "$SIZE")
  if [[ -f "$SRC" && $(stat -c %s "$SRC") == "$want" ]]; then
    log "reusing $SRC ($want bytes)"
  else
    log "creating $SRC ($SIZE of random bytes)"
    head -c "$SIZE" /dev/urandom >"$SRC.tmp" && mv "$SRC.tmp" "$SRC"
  fi
  BYTES=$(stat -c %s "$SRC")
  log "hashing source (untimed; warms the page cache)"
  SRC_SHA=$(sha256sum "$SRC" | cut -d' ' -f1)
}

# Stops every process in the PIDS array: TERM, up to 5 s, then KILL. For EXIT traps.
stop_pids() {
  local pid
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------- peers on 127.0.0.1
# The caller sets TMP, JAVA, JAR, JAVA_OPTS and the PIDS array (stopped by its EXIT trap).
start_peer() { # name [extra env assignments...] -> sets <name>_PID, _UI, _MESH, _DATA
  local name=$1 ui mesh data; shift
  ui=$(free_port); mesh=$(free_port)
  while [[ "$mesh" == "$ui" ]]; do mesh=$(free_port); done
  data=$TMP/peer-$name
  mkdir -p "$data"
  env DRAWBRIDGE_DATA_DIR="$data" DRAWBRIDGE_UI_PORT="$ui" DRAWBRIDGE_MESH_PORT="$mesh" \
    DRAWBRIDGE_MESH_HOST=127.0.0.1 DRAWBRIDGE_MDNS_ENABLED=false "$@" \
    "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" >"$TMP/peer-$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  printf -v "${name}_PID" %s "$pid"
  printf -v "${name}_UI" %s "$ui"
  printf -v "${name}_MESH" %s "$mesh"
  printf -v "${name}_DATA" %s "$data"
}
wait_peer() { # name: until its local API answers (90 s)
  local name=$1 pid ui
  pid=${name}_PID; pid=${!pid}; ui=${name}_UI; ui=${!ui}
  for _ in $(seq 900); do
    curl -fsS "http://127.0.0.1:$ui/api/v1/identity" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -40 "$TMP/peer-$name.log"; die "peer $name exited"; }
    sleep 0.1
  done
  tail -40 "$TMP/peer-$name.log"; die "peer $name not ready after 90 s"
}
api() { # method url [json]
  local method=$1 url=$2 body=${3:-}
  if [[ -n "$body" ]]; then
    curl -fsS -X "$method" -H 'Content-Type: application/json' --data "$body" "$url"
  else
    curl -fsS -X "$method" "$url"
  fi
}
