// Compression of 1 MiB chunks, one thread: zstd-jni (native) at several levels vs aircompressor
// (pure Java), on log-like text, JSON-like text, Java source and random bytes. JUnit-free; run with
// bench/codecs.sh (which puts both libraries from ~/.m2 on the class path).
import com.github.luben.zstd.Zstd;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class ChunkCodecs {
  static final int CHUNK = 1 << 20;
  static final int CHUNKS = Integer.getInteger("chunks", 64);
  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  interface Codec {
    int compress(byte[] src, byte[] dst);

    int decompress(byte[] src, int len, byte[] dst);
  }

  record Named(String name, Codec codec) {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("file") != null) {
      wire(java.nio.file.Path.of(System.getProperty("file")), Integer.getInteger("level", 1));
      return;
    }
    List<Named> codecs = new ArrayList<>();
    for (int level : new int[] {-5, -1, 1, 3}) {
      codecs.add(
          new Named(
              "zstd-jni level " + level,
              new Codec() {
                public int compress(byte[] s, byte[] d) {
                  return (int) Zstd.compressByteArray(d, 0, d.length, s, 0, s.length, level);
                }

                public int decompress(byte[] s, int len, byte[] d) {
                  return (int) Zstd.decompressByteArray(d, 0, d.length, s, 0, len);
                }
              }));
    }
    ZstdCompressor ac = new ZstdCompressor();
    ZstdDecompressor ad = new ZstdDecompressor();
    codecs.add(
        new Named(
            "aircompressor (level 3)",
            new Codec() {
              public int compress(byte[] s, byte[] d) {
                return ac.compress(s, 0, s.length, d, 0, d.length);
              }

              public int decompress(byte[] s, int len, byte[] d) {
                return ad.decompress(s, 0, len, d, 0, d.length);
              }
            }));
    System.out.printf(
        "java %s, %d chunks of 1 MiB per data set, one thread%n",
        System.getProperty("java.version"), CHUNKS);
    System.out.println(
        "| data | codec | ratio | compress MB/s | decompress MB/s | CPU ms per MiB (c + d) |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    for (var data : dataSets()) {
      for (Named n : codecs) {
        run(data.getKey(), data.getValue(), n);
      }
    }
  }

  /**
   * What the host's rule sends for a file: 1 MiB chunks at zstd level {@code level}, coded only
   * when that saves at least 10 %, a version given up after 3 misses in a row (as ChunkCoding).
   */
  static void wire(java.nio.file.Path file, int level) throws Exception {
    byte[] buf = new byte[CHUNK];
    byte[] dst = new byte[(int) Zstd.compressBound(CHUNK)];
    long in = 0, out = 0, coded = 0, chunks = 0, cpu = 0;
    int misses = 0;
    try (var ch = java.nio.channels.FileChannel.open(file)) {
      while (true) {
        var bb = java.nio.ByteBuffer.wrap(buf);
        while (bb.hasRemaining() && ch.read(bb) >= 0) {}
        int n = bb.position();
        if (n == 0) {
          break;
        }
        chunks++;
        in += n;
        if (misses >= 3 || n < 1024) {
          out += n;
          continue;
        }
        long u0 = CPU.getCurrentThreadCpuTime();
        long z = Zstd.compressByteArray(dst, 0, dst.length, buf, 0, n, level);
        cpu += CPU.getCurrentThreadCpuTime() - u0;
        if (z <= n * 0.9) {
          out += z;
          coded++;
          misses = 0;
        } else {
          out += n;
          misses++;
        }
      }
    }
    System.out.printf(
        "%s: %d chunks, %d coded; file %d bytes, wire %d bytes (%.1f %%), ratio %.2f; compress CPU %.2f ms per MiB of file%n",
        file.getFileName(),
        chunks,
        coded,
        in,
        out,
        100.0 * out / in,
        in / (double) out,
        cpu / 1e6 / (in / (double) CHUNK));
  }

  static void run(String dataName, byte[][] chunks, Named n) {
    byte[] dst = new byte[(int) Zstd.compressBound(CHUNK)];
    byte[] back = new byte[CHUNK];
    for (int warm = 0; warm < 3; warm++) {
      for (byte[] c : chunks) {
        n.codec().decompress(dst, n.codec().compress(c, dst), back);
      }
    }
    long in = 0, out = 0, cNanos = 0, dNanos = 0, cCpu = 0, dCpu = 0;
    for (int round = 0; round < 3; round++) {
      for (byte[] c : chunks) {
        long t0 = System.nanoTime(), u0 = CPU.getCurrentThreadCpuTime();
        int len = n.codec().compress(c, dst);
        long t1 = System.nanoTime(), u1 = CPU.getCurrentThreadCpuTime();
        int got = n.codec().decompress(dst, len, back);
        long t2 = System.nanoTime(), u2 = CPU.getCurrentThreadCpuTime();
        if (got != c.length) {
          throw new IllegalStateException("round trip lost bytes");
        }
        in += c.length;
        out += len;
        cNanos += t1 - t0;
        dNanos += t2 - t1;
        cCpu += u1 - u0;
        dCpu += u2 - u1;
      }
    }
    double mib = in / (double) CHUNK;
    System.out.printf(
        "| %s | %s | %.2f | %.0f | %.0f | %.2f + %.2f |%n",
        dataName,
        n.name(),
        in / (double) out,
        in / (cNanos / 1e9) / 1e6,
        in / (dNanos / 1e9) / 1e6,
        cCpu / 1e6 / mib,
        dCpu / 1e6 / mib);
  }

  static List<java.util.Map.Entry<String, byte[][]>> dataSets() throws Exception {
    Random r = new Random(42);
    List<java.util.Map.Entry<String, byte[][]>> out = new ArrayList<>();
    out.add(java.util.Map.entry("log lines", fill(r, ChunkCodecs::logLine)));
    out.add(java.util.Map.entry("JSON records", fill(r, ChunkCodecs::jsonLine)));
    out.add(java.util.Map.entry("Java source", source()));
    byte[][] random = new byte[CHUNKS][CHUNK];
    for (byte[] c : random) {
      r.nextBytes(c);
    }
    out.add(java.util.Map.entry("random", random));
    return out;
  }

  interface Line {
    String make(Random r, long i);
  }

  static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
  static final String[] WORDS = {
    "request",
    "served",
    "peer",
    "chunk",
    "verified",
    "manifest",
    "share",
    "relay",
    "timeout",
    "connection",
    "closed",
    "opened",
    "bytes",
    "file",
    "download",
    "retry"
  };

  static String logLine(Random r, long i) {
    return String.format(
        "2026-11-23T13:%02d:%02d.%03dZ %-5s [vert.x-eventloop-thread-%d] dev.drawbridge.%s - %s %s %s id=%08x took=%d ms%n",
        (i / 60000) % 60,
        (i / 1000) % 60,
        i % 1000,
        LEVELS[r.nextInt(LEVELS.length)],
        r.nextInt(4),
        WORDS[r.nextInt(WORDS.length)],
        WORDS[r.nextInt(WORDS.length)],
        WORDS[r.nextInt(WORDS.length)],
        WORDS[r.nextInt(WORDS.length)],
        r.nextInt(),
        r.nextInt(2000));
  }

  static String jsonLine(Random r, long i) {
    return String.format(
        "{\"id\":%d,\"peer\":\"%016x%016x\",\"name\":\"%s-%s.bin\",\"size\":%d,\"state\":\"%s\",\"ratio\":%.4f}%n",
        i,
        r.nextLong(),
        r.nextLong(),
        WORDS[r.nextInt(WORDS.length)],
        WORDS[r.nextInt(WORDS.length)],
        r.nextInt(1 << 30),
        LEVELS[r.nextInt(LEVELS.length)],
        r.nextDouble());
  }

  static byte[][] fill(Random r, Line line) {
    byte[][] chunks = new byte[CHUNKS][];
    StringBuilder sb = new StringBuilder();
    long i = 0;
    for (int c = 0; c < CHUNKS; c++) {
      while (sb.length() < CHUNK) {
        sb.append(line.make(r, i++));
      }
      chunks[c] = java.util.Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), CHUNK);
      sb.setLength(0);
    }
    return chunks;
  }

  /** Real, varied program text: the .java files of a JDK's src.zip (-Dsrc=path/to/src.zip). */
  static byte[][] source() throws Exception {
    byte[] all = new byte[CHUNKS * CHUNK];
    int filled = 0;
    try (java.util.zip.ZipFile zip =
        new java.util.zip.ZipFile(
            System.getProperty("src", System.getProperty("java.home") + "/lib/src.zip"))) {
      for (var it = zip.entries(); it.hasMoreElements(); ) {
        java.util.zip.ZipEntry e = it.nextElement();
        if (filled == all.length) {
          break;
        }
        if (e.getName().endsWith(".java")) {
          byte[] b = zip.getInputStream(e).readAllBytes();
          int n = Math.min(b.length, all.length - filled);
          System.arraycopy(b, 0, all, filled, n);
          filled += n;
        }
      }
    }
    byte[][] chunks = new byte[CHUNKS][];
    for (int c = 0; c < CHUNKS; c++) {
      chunks[c] = java.util.Arrays.copyOfRange(all, c * CHUNK, (c + 1) * CHUNK);
    }
    return chunks;
  }
}
