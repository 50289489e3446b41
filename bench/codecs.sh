#!/usr/bin/env bash
# Chunk compression codecs, one thread, 1 MiB chunks: zstd-jni levels vs aircompressor, on log
# lines, JSON records, Java source (a JDK's src.zip) and random bytes. Prints a Markdown table.
#
#   bench/codecs.sh                       # default java (JDK 17 here)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java CHUNKS=64 bench/codecs.sh
#   FILE=bench/work/zshare/source.txt bench/codecs.sh   # what the host's rule would send for a file
#
# Uses the jars from the local Maven repository (run ./mvnw -o -B compile once first).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA=${JAVA:-java}
M2=${M2:-$HOME/.m2/repository}
ZSTD=$(ls "$M2"/com/github/luben/zstd-jni/"${ZSTD_VERSION:-1.5.7-9}"/zstd-jni-*.jar)
AIR=$(ls "$M2"/io/airlift/aircompressor/"${AIR_VERSION:-2.0.3}"/aircompressor-*.jar)
SRC=${SRC:-/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip}
exec "$JAVA" ${FILE:+-Dfile="$FILE"} -Dlevel="${LEVEL:-1}" -Dchunks="${CHUNKS:-64}" -Dsrc="$SRC" -cp "$ZSTD:$AIR" "$ROOT/bench/ChunkCodecs.java"
