#!/usr/bin/env bash
# zstd on chunk reads, end to end: transfer jobs peer A -> peer B on loopback (mutual TLS 1.3),
# compression "auto" vs "off", on text (Java source from a JDK's src.zip) and on random bytes.
# Two pairs of peers run side by side (one pair per mode) and the jobs alternate between them, so
# both modes see the same background load. Reports wall time, MB/s (file bytes) and the CPU
# seconds each peer spent per GiB of file, which is steadier than wall time on a shared machine.
#
#   ./mvnw -o -B -DskipTests package && bench/compression.sh
#   SIZE=1G RUNS=3 JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/compression.sh
#
# LINK_MBPS=117 puts a throttling TCP proxy (bench/throttle.py, both directions, MB/s = 10^6 bytes/s)
# between each pair, to see a "1 Gbit/s LAN" instead of loopback; the TLS passes through untouched.
#
# Environment: SIZE (per data set, default 512M), RUNS (default 3), BENCH_DIR (bench/work), LINK_MBPS,
# JAVA, JAVA_OPTS, QUIET_WAIT (seconds to wait for an idle machine before each job; default 30),
# JOB_TIMEOUT (600 s), KEEP_LOGS=1 keeps the peers' logs, SRCZIP (the src.zip to take text from).
# Everything listens on 127.0.0.1 only. Processes started here are stopped by PID on exit.
set -euo pipefail
BENCH_TAG=compression
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
SIZE=${SIZE:-512M}
BENCH_DIR=${BENCH_DIR:-$ROOT/bench/work}
KEEP_LOGS=${KEEP_LOGS:-0}
QUIET_WAIT=${QUIET_WAIT:-30}
SRCZIP=${SRCZIP:-/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; else JAVA=$(command -v java); fi
fi

PIDS=()
TMP=$(mktemp -d /tmp/drawbridge-compression.XXXXXX)
cleanup() {
  local rc=$?
  stop_pids
  rm -rf "$BENCH_DIR/zdl" 2>/dev/null || true
  if [[ "$KEEP_LOGS" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in curl python3 unzip sha256sum; do command -v "$tool" >/dev/null || die "$tool is required"; done
[[ -f "$JAR" ]] || die "build first: ./mvnw -B -o -DskipTests package"
log "JDK: $("$JAVA" -version 2>&1 | head -1)${JAVA_OPTS:+ options: $JAVA_OPTS}; $SIZE per data set, $RUNS runs"

# ---------------------------------------------------------------- data
DATA=$BENCH_DIR/zshare; mkdir -p "$DATA" "$BENCH_DIR/zdl"
WANT=$(numfmt --from=iec "$SIZE")
if [[ ! -f "$DATA/source.txt" || $(stat -c %s "$DATA/source.txt") != "$WANT" ]]; then
  log "making $DATA/source.txt: $SIZE of Java source from $SRCZIP (repeated if the zip holds less)"
  [[ -f "$SRCZIP" ]] || die "no $SRCZIP (set SRCZIP to a JDK src.zip)"
  # unzip fails (SIGPIPE) once head has enough, which ends the loop.
  { while unzip -p "$SRCZIP" '*.java'; do :; done; } 2>/dev/null | head -c "$WANT" >"$DATA/source.txt.tmp" || true
  [[ $(stat -c %s "$DATA/source.txt.tmp") == "$WANT" ]] || die "could not make $SIZE of text from $SRCZIP"
  mv "$DATA/source.txt.tmp" "$DATA/source.txt"
fi
if [[ ! -f "$DATA/random.bin" || $(stat -c %s "$DATA/random.bin") != "$WANT" ]]; then
  log "making $DATA/random.bin: $SIZE of random bytes"
  head -c "$WANT" /dev/urandom >"$DATA/random.bin"
fi
declare -A SHA
for f in source.txt random.bin; do SHA[$f]=$(sha256sum "$DATA/$f" | cut -d' ' -f1); done   # also warms the page cache

# ---------------------------------------------------------------- peers
start_compression_peer() { # name mode
  mkdir -p "$BENCH_DIR/zdl/$1"
  start_peer "$1" DRAWBRIDGE_TRANSFERS_DOWNLOAD_DIR="$BENCH_DIR/zdl/$1" DRAWBRIDGE_TRANSFERS_COMPRESSION="$2"
}
id_of() { local ui=${1}_UI; api GET "http://127.0.0.1:${!ui}/api/v1/identity" | json_field peerId; }

log "starting two pairs: Aauto -> Bauto (compression auto), Aoff -> Boff (compression off)"
start_compression_peer Aauto auto; start_compression_peer Bauto auto; start_compression_peer Aoff off; start_compression_peer Boff off
for p in Aauto Bauto Aoff Boff; do wait_peer "$p"; done
for mode in auto off; do
  a=A$mode b=B$mode; aui=${a}_UI; bui=${b}_UI; amesh=${a}_MESH
  aid=$(id_of "$a"); bid=$(id_of "$b"); printf -v "${a}_ID" %s "$aid"
  port=${!amesh}
  if [[ -n "${LINK_MBPS:-}" ]]; then
    port=$(free_port)
    python3 "$ROOT/bench/throttle.py" "$port" "${!amesh}" "$LINK_MBPS" >"$TMP/throttle-$mode.log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    log "pair $mode: B reaches A through a $LINK_MBPS MB/s link (127.0.0.1:$port -> :${!amesh})"
  fi
  api POST "http://127.0.0.1:${!bui}/api/v1/contacts" "{\"peerId\":\"$aid\",\"address\":\"127.0.0.1:$port\"}" >/dev/null
  api POST "http://127.0.0.1:${!aui}/api/v1/shares" "{\"name\":\"z\",\"path\":\"$DATA\"}" >/dev/null
  api PUT "http://127.0.0.1:${!aui}/api/v1/shares/z/grants/$bid" '{"access":"READ"}' >/dev/null
done

# One job: POST, then poll its state every 50 ms; prints seconds (or dies with the job's detail).
cat >"$TMP/job.py" <<'PY'
import http.client, json, sys, time, os
ui, body = int(sys.argv[1]), sys.argv[2]
c = http.client.HTTPConnection("127.0.0.1", ui, timeout=60)
t0 = time.monotonic()
c.request("POST", "/api/v1/transfers", body=body, headers={"Content-Type": "application/json"})
r = c.getresponse(); resp = r.read(); assert r.status in (200, 201), (r.status, resp)
jid = json.loads(resp)["id"]
deadline = t0 + int(os.environ.get("JOB_TIMEOUT", "600"))
while time.monotonic() < deadline:
    c.request("GET", f"/api/v1/transfers/{jid}"); j = json.loads(c.getresponse().read())
    if j["state"] in ("completed", "failed", "canceled"):
        if j["state"] != "completed": sys.exit(f"job {j['state']}: {j.get('detail')}")
        print(f"{time.monotonic() - t0:.3f}"); sys.exit(0)
    time.sleep(0.05)
sys.exit("job timed out")
PY

RESULTS=$TMP/results.tsv; : >"$RESULTS"
job() { # mode file run
  local mode=$1 file=$2 run=$3 a b aui bui aid a0 b0 a1 b1 secs placed
  a=A$mode; b=B$mode; aui=${a}_UI; bui=${b}_UI; aid=${a}_ID
  local apid=${a}_PID bpid=${b}_PID
  rm -f "$BENCH_DIR/zdl/$b/$file"; sync
  quiet_wait
  a0=$(ticks "${!apid}"); b0=$(ticks "${!bpid}")
  secs=$(python3 "$TMP/job.py" "${!bui}" '{"peerId":"'"${!aid}"'","share":"z","path":"'"$file"'","folder":false}') \
    || { tail -20 "$TMP/peer-$b.log" >&2; die "$mode $file run $run failed"; }
  a1=$(ticks "${!apid}"); b1=$(ticks "${!bpid}")
  placed=$BENCH_DIR/zdl/$b/$file
  local ok=ok; [[ $(sha256sum "$placed" | cut -d' ' -f1) == "${SHA[$file]}" ]] || ok=MISMATCH
  rm -f "$placed"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$file" "$run" "$secs" "$((a1 - a0))" "$((b1 - b0))" "$ok" >>"$RESULTS"
  log "$file, compression $mode, run $run: ${secs} s, $(python3 -c "print(f'{$WANT/$secs/1e6:.0f}')") MB/s, CPU A $(( (a1-a0) * 100 / HZ ))0 ms B $(( (b1-b0) * 100 / HZ ))0 ms, sha256 $ok"
}

# Run 1 of each is "cold" (A hashes the file for its manifest): reported apart from the warm runs.
for run in $(seq "$RUNS"); do
  for file in ${DATASETS:-source.txt random.bin}; do
    if (( run % 2 )); then job auto "$file" "$run"; job off "$file" "$run"; else job off "$file" "$run"; job auto "$file" "$run"; fi
  done
done
[[ "$KEEP_LOGS" == 1 ]] && cp "$RESULTS" "$TMP/results.kept.tsv"

python3 - "$RESULTS" "$WANT" "$HZ" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
size, hz = int(sys.argv[2]), int(sys.argv[3])
gib = size / 2**30
print("\n| data | compression | runs | warm median MB/s | warm runs MB/s | CPU A s/GiB | CPU B s/GiB | cold MB/s | verified |")
print("|---|---|---:|---:|---|---:|---:|---:|---|")
for f in sorted({r[1] for r in rows}, reverse=True):
    for m in ("auto", "off"):
        rs = [r for r in rows if r[0] == m and r[1] == f]
        warm = [r for r in rs if r[2] != "1"] or rs
        mbs = [size / float(r[3]) / 1e6 for r in warm]
        cpu_a = st.median(int(r[4]) / hz / gib for r in warm); cpu_b = st.median(int(r[5]) / hz / gib for r in warm)
        cold = [size / float(r[3]) / 1e6 for r in rs if r[2] == "1"]
        ok = "all" if all(r[6] == "ok" for r in rs) else "NO"
        print(f"| {f} | {m} | {len(rs)} | {st.median(mbs):.0f} | {' '.join(f'{x:.0f}' for x in mbs)} | {cpu_a:.2f} | {cpu_b:.2f} | {cold[0] if cold else float('nan'):.0f} | {ok} |")
PY
grep -q MISMATCH "$RESULTS" && die "a download did not verify"
log "done"
