#!/usr/bin/env bash
# Drawbridge upload-job benchmark (issue 10: POST /api/v1/transfers with "direction":"upload").
#
#   bench/upload.sh                       # from the repo root: both parts, one run each
#   PARTS=big RUNS=2 bench/upload.sh      # only the 2 GiB part
#
# Part "big":   one 2 GiB random file ($BENCH_DIR/share/big.bin, shared with bench/transfer.sh);
#               peer B uploads it into peer A's share "inbox" (granted READ_WRITE to B) as a job,
#               timed from just before the POST to the job's "completed" (polled every 100 ms);
#               interleaved with nginx WebDAV PUT over mutual TLS 1.3 (Ed25519), curl -T with a
#               client certificate. Both placed files are checked with SHA-256.
# Part "small": 10,000 files x 4 KiB (100 folders x 100 files) uploaded as one folder job;
#               files/s, and the seconds from the POST to the first file visible in A's share
#               (polled every 5 ms); verified with diff -r on A's share.
#
# Part "proxy": the same 2 GiB file sent with curl -T to peer B's local API
#               (PUT /api/v1/contacts/{A}/shares/inbox/...): B streams it to A in parts as it
#               reads it (web.PartPump); MB/s from curl's own timing, and B's and A's peak RSS
#               sampled with ps every 0.2 s during the upload. Not in the default PARTS.
# Environment: RUNS (1), SIZE (2G), BENCH_DIR (bench/work), JAVA, JAVA_OPTS, QUIET_WAIT (120 s),
# JOB_TIMEOUT (900 s), KEEP_LOGS=1, PARTS ("big small"), JAR (the packaged app to run; default
# target/quarkus-app/quarkus-run.jar, e.g. a copy of an older build for a before/after). Loopback only; processes started here are
# stopped by PID on exit.
set -euo pipefail
BENCH_TAG=upload
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-1}
SIZE=${SIZE:-2G}
PARTS=${PARTS:-big small}
BENCH_DIR=${BENCH_DIR:-$ROOT/bench/work}
KEEP_LOGS=${KEEP_LOGS:-0}
QUIET_WAIT=${QUIET_WAIT:-120}
JOB_TIMEOUT=${JOB_TIMEOUT:-900}
JAVA_OPTS=${JAVA_OPTS-"-XX:+UseSerialGC -Xmx128m -XX:MaxDirectMemorySize=64m"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; else JAVA=$(command -v java); fi
fi
T_START=$(date +%s)

PIDS=()
TMP=$(mktemp -d /tmp/drawbridge-upload.XXXXXX)
INBOX=$BENCH_DIR/inbox     # A's share (the uploads land here)
NGROOT=$BENCH_DIR/ngput    # nginx's WebDAV root
cleanup() {
  local rc=$?
  stop_pids
  rm -rf "$INBOX" "$NGROOT" 2>/dev/null || true
  if [[ "$KEEP_LOGS" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
  log "script wall time: $(( $(date +%s) - T_START )) s"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in curl openssl sha256sum python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
[[ -f "$JAR" ]] || die "build first: ./mvnw -B -o -DskipTests package"
log "JDK: $JAVA ($("$JAVA" -version 2>&1 | head -1))${JAVA_OPTS:+ options: $JAVA_OPTS}; parts: $PARTS"
rm -rf "$INBOX" "$NGROOT"; mkdir -p "$INBOX" "$NGROOT"

# One upload job, timed by polling the job list (counts in SQL: cheap for 10,000 files).
cat >"$TMP/job.py" <<'PY'
import http.client, json, sys, time, os, threading
ui, body = int(sys.argv[1]), sys.argv[2]
watch = sys.argv[3] if len(sys.argv) > 3 else None  # folder on the host: when its first file shows
first = {}
def first_file():  # polls every 5 ms for the first placed file under `watch`
    while "t" not in first:
        for dirpath, _, names in os.walk(watch):
            if names:
                first["t"] = time.monotonic() - t0; return
        if time.monotonic() - t0 > 60: return
        time.sleep(0.005)
c = http.client.HTTPConnection("127.0.0.1", ui, timeout=60)
t0 = time.monotonic()
if watch: threading.Thread(target=first_file, daemon=True).start()
c.request("POST", "/api/v1/transfers", body=body, headers={"Content-Type": "application/json"})
r = c.getresponse(); resp = r.read()
assert r.status == 201, (r.status, resp)
jid = json.loads(resp)["id"]
deadline = t0 + int(os.environ.get("JOB_TIMEOUT", "900"))
while True:
    c.request("GET", "/api/v1/transfers"); js = json.loads(c.getresponse().read())
    j = [x for x in js if x["id"] == jid][0]
    if j["state"] in ("completed", "failed", "canceled") or time.monotonic() > deadline:
        break
    time.sleep(0.1)
secs = time.monotonic() - t0
print(json.dumps({"secs": secs, "first": first.get("t"), "state": j["state"], "detail": j.get("detail"), "files": j["fileCount"], "done": j["filesDone"], "bytes": j["bytes"]}))
PY

log "starting peers A (host, share inbox) and B (sender)"
start_peer A; start_peer B; wait_peer A; wait_peer B
A_ID=$(api GET "http://127.0.0.1:$A_UI/api/v1/identity" | json_field peerId)
B_ID=$(api GET "http://127.0.0.1:$B_UI/api/v1/identity" | json_field peerId)
log "A=$A_ID pid $A_PID; B=$B_ID pid $B_PID"
api POST "http://127.0.0.1:$B_UI/api/v1/contacts" "{\"peerId\":\"$A_ID\",\"address\":\"127.0.0.1:$A_MESH\"}" >/dev/null
api POST "http://127.0.0.1:$A_UI/api/v1/shares" "{\"name\":\"inbox\",\"path\":\"$INBOX\"}" >/dev/null
api PUT "http://127.0.0.1:$A_UI/api/v1/shares/inbox/grants/$B_ID" '{"access":"READ_WRITE"}' >/dev/null
# B reaches A once before anything is timed (a loaded machine can miss the dialer's first probe).
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$B_UI/api/v1/contacts/$A_ID/shares" 2>/dev/null | grep -q READ_WRITE && break
  sleep 1
done

upload_job() { # label folder source [watch] -> JOB json in $TMP/job.json
  local label=$1 folder=$2 source=$3 watch=${4:-} a0 b0 a1 b1
  quiet_wait
  a0=$(ticks "$A_PID"); b0=$(ticks "$B_PID")
  JOB_TIMEOUT=$JOB_TIMEOUT python3 "$TMP/job.py" "$B_UI" \
    "{\"direction\":\"upload\",\"peer\":\"$A_ID\",\"share\":\"inbox\",\"folder\":\"$folder\",\"source\":\"$source\"}" $watch >"$TMP/job.json"
  a1=$(ticks "$A_PID"); b1=$(ticks "$B_PID")
  JOB_SECS=$(json_field secs <"$TMP/job.json")
  local state; state=$(json_field state <"$TMP/job.json")
  log "$label: $(cat "$TMP/job.json"); CPU A $(pct $((a1-a0)) "$JOB_SECS")% B $(pct $((b1-b0)) "$JOB_SECS")% of a core"
  [[ "$state" == completed ]] || { tail -30 "$TMP/peer-B.log" >&2; tail -30 "$TMP/peer-A.log" >&2; die "$label ended $state"; }
}
pct() { python3 -c "import sys; print(f'{100*int(sys.argv[1])/int(sys.argv[2])/float(sys.argv[3]):.0f}')" "$1" "$HZ" "$2"; }

# ================================================================ part 1: 2 GiB, peer vs nginx PUT
if [[ " $PARTS " == *" big "* ]]; then
  test_file
  NGINX=$(command -v nginx || true)
  [[ -n "$NGINX" ]] || die "nginx is required for the comparison (apt-get install nginx-light)"
  "$NGINX" -V 2>&1 | grep -q http_dav_module || die "this nginx lacks the WebDAV module (http_dav_module)"
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
  client_body_temp_path $NGROOT/.tmp; proxy_temp_path $NG/tmp/proxy; fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi; scgi_temp_path $NG/tmp/scgi;
  client_max_body_size 0; client_body_buffer_size 1m;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $NG/server.crt; ssl_certificate_key $NG/server.key;
    ssl_protocols TLSv1.3;
    ssl_verify_client on; ssl_client_certificate $NG/client.crt;
    root $NGROOT;
    location / { dav_methods PUT DELETE MKCOL; create_full_put_path on; dav_access user:rw; }
  }
}
EOF
  mkdir -p "$NGROOT/.tmp"
  "$NGINX" -p "$NG" -c "$NG/nginx.conf" -e "$NG/logs/error.log" &
  NGINX_PID=$!; PIDS+=("$NGINX_PID")
  NGARGS=(-k --cert "$NG/client.crt" --key "$NG/client.key")
  for _ in $(seq 100); do curl -s "${NGARGS[@]}" -o /dev/null "https://127.0.0.1:$NGINX_PORT/" 2>/dev/null && break; sleep 0.1; done

  for r in $(seq "$RUNS"); do
    rm -f "$NGROOT/big.bin"; sync; quiet_wait
    curl -sS -f "${NGARGS[@]}" -T "$SRC" -o /dev/null -w '%{size_upload} %{time_total}\n' \
      "https://127.0.0.1:$NGINX_PORT/big.bin" >"$TMP/curl.out"
    read -r up NG_SECS <"$TMP/curl.out"
    [[ "$(sha256sum "$NGROOT/big.bin" | cut -d' ' -f1)" == "$SRC_SHA" ]] || die "nginx PUT: sha256 mismatch"
    log "run $r nginx PUT: $(python3 -c "print(f'{$BYTES/$NG_SECS/1e6:.0f} MB/s, {$NG_SECS:.2f} s')") (sha256 ok)"
    rm -f "$NGROOT/big.bin"

    upload_job "run $r peer upload" "run$r" "$SRC"
    placed=$INBOX/run$r/big.bin
    [[ "$(sha256sum "$placed" | cut -d' ' -f1)" == "$SRC_SHA" ]] || die "peer upload: sha256 mismatch"
    PEER_SECS=$JOB_SECS
    log "run $r peer upload: $(python3 -c "print(f'{$BYTES/$PEER_SECS/1e6:.0f} MB/s, {$PEER_SECS:.2f} s')") (sha256 ok)"
    log "run $r ratio peer/nginx (throughput): $(python3 -c "print(f'{$NG_SECS/$PEER_SECS:.2f}x (target >= 1.00x)')")"
    rm -rf "$INBOX/run$r"
  done
fi

# ================================================================ part 3: curl -T through B's local API
if [[ " $PARTS " == *" proxy "* ]]; then
  test_file
  rss() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0; }
  for r in $(seq "$RUNS"); do
    rm -rf "$INBOX/proxy$r"; sync; quiet_wait
    log "run $r curl -T: B's RSS before: $(rss "$B_PID") KiB, A's: $(rss "$A_PID") KiB"
    : >"$TMP/rss"
    ( while :; do echo "$(rss "$B_PID") $(rss "$A_PID")" >>"$TMP/rss"; sleep 0.2; done ) &
    SAMPLER=$!; PIDS+=("$SAMPLER")
    curl -sS -f -T "$SRC" -o "$TMP/proxy.json" -w '%{http_code} %{size_upload} %{time_total}\n' \
      "http://127.0.0.1:$B_UI/api/v1/contacts/$A_ID/shares/inbox/proxy$r/big.bin" >"$TMP/curl.out"
    kill "$SAMPLER" 2>/dev/null || true
    read -r code up CURL_SECS <"$TMP/curl.out"
    [[ "$code" == 201 ]] || die "curl -T through B: HTTP $code $(cat "$TMP/proxy.json")"
    [[ "$(sha256sum "$INBOX/proxy$r/big.bin" | cut -d' ' -f1)" == "$SRC_SHA" ]] || die "curl -T through B: sha256 mismatch"
    B_MAX=$(awk 'BEGIN{m=0}{if($1>m)m=$1}END{print m}' "$TMP/rss"); A_MAX=$(awk 'BEGIN{m=0}{if($2>m)m=$2}END{print m}' "$TMP/rss")
    log "run $r curl -T through B: $(python3 -c "print(f'{$BYTES/$CURL_SECS/1e6:.0f} MB/s, {$CURL_SECS:.2f} s')") (sha256 ok); peak RSS B $((B_MAX / 1024)) MiB, A $((A_MAX / 1024)) MiB over $(wc -l <"$TMP/rss") samples"
    rm -rf "$INBOX/proxy$r"
  done
fi

# ================================================================ part 2: 10,000 x 4 KiB
if [[ " $PARTS " == *" small "* ]]; then
  SMALL=$BENCH_DIR/small
  if [[ $(find "$SMALL" -type f 2>/dev/null | wc -l) != 10000 ]]; then
    log "creating $SMALL (100 folders x 100 files x 4 KiB)"
    rm -rf "$SMALL"; mkdir -p "$SMALL"
    python3 - "$SMALL" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/d{d:03}", exist_ok=True)
    for f in range(100):
        with open(f"{root}/d{d:03}/f{f:03}.bin", "wb") as fh: fh.write(os.urandom(4096))
PY
  fi
  for r in $(seq "$RUNS"); do
    upload_job "small run $r" "small$r" "$SMALL" "$INBOX/small$r"
    diff -r "$SMALL" "$INBOX/small$r/small" >/dev/null || die "small run $r: files differ"
    FIRST=$(json_field first <"$TMP/job.json")
    log "small run $r: $(python3 -c "print(f'{10000/$JOB_SECS:.0f} files/s (target >= 1,500)')"), diff -r ok; first file placed $FIRST s after the POST"
    rm -rf "$INBOX/small$r"
  done
fi
