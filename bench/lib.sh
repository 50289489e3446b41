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
