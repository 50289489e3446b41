package dev.drawbridge.peerapi.coding;

import java.util.Locale;
import java.util.Set;

/**
 * Data that is already compressed (archives, images, audio, video, office documents) gains nothing
 * from zstd but still costs the CPU to find that out: such files are never tried. Known by name
 * first (no read needed), and by the first bytes of the file for names that do not tell.
 */
public final class CompressedFormats {
  /** Lower-case extensions of formats whose payload is compressed (or encrypted). */
  static final Set<String> EXTENSIONS =
      Set.of(
          // archives and compressed streams
          "zip",
          "gz",
          "tgz",
          "xz",
          "txz",
          "bz2",
          "tbz2",
          "zst",
          "tzst",
          "lz4",
          "lz",
          "lzma",
          "br",
          "7z",
          "rar",
          "cab",
          "jar",
          "war",
          "apk",
          "aab",
          "ipa",
          "whl",
          "nupkg",
          "deb",
          "rpm",
          "snap",
          "appimage",
          "dmg",
          "squashfs",
          // images
          "jpg",
          "jpeg",
          "jfif",
          "png",
          "gif",
          "webp",
          "avif",
          "heic",
          "heif",
          "jxl",
          "jp2",
          // audio and video
          "mp3",
          "aac",
          "m4a",
          "ogg",
          "oga",
          "opus",
          "flac",
          "wma",
          "mp4",
          "m4v",
          "mkv",
          "webm",
          "mov",
          "avi",
          "wmv",
          "flv",
          "3gp",
          "m2ts",
          // documents that are zip containers or compressed internally
          "pdf",
          "docx",
          "xlsx",
          "pptx",
          "odt",
          "ods",
          "odp",
          "epub",
          "cbz",
          "cbr",
          // encrypted containers: random bytes to zstd
          "gpg",
          "pgp",
          "age",
          "kdbx",
          "vc",
          "hc");

  private CompressedFormats() {}

  /** True when the file's name says its content is already compressed. */
  public static boolean byName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** True when {@code head} (the first bytes of a file) starts like a compressed format. */
  public static boolean byMagic(byte[] head, int length) {
    return starts(head, length, 0x50, 0x4B, 0x03, 0x04) // zip (and jar, docx, epub, apk …)
        || starts(head, length, 0x1F, 0x8B) // gzip
        || starts(head, length, 0xFD, '7', 'z', 'X', 'Z', 0x00) // xz
        || starts(head, length, 0x28, 0xB5, 0x2F, 0xFD) // zstd
        || starts(head, length, 'B', 'Z', 'h') // bzip2
        || starts(head, length, 0x04, 0x22, 0x4D, 0x18) // lz4 frame
        || starts(head, length, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C) // 7z
        || starts(head, length, 'R', 'a', 'r', '!', 0x1A, 0x07) // rar
        || starts(head, length, 0xFF, 0xD8, 0xFF) // jpeg
        || starts(head, length, 0x89, 'P', 'N', 'G') // png
        || starts(head, length, 'G', 'I', 'F', '8') // gif
        || starts(head, length, 'R', 'I', 'F', 'F')
            && at(head, length, 8, 'W', 'E', 'B', 'P') // webp
        || at(head, length, 4, 'f', 't', 'y', 'p') // mp4, mov, heic, avif, m4a
        || starts(head, length, 0x1A, 0x45, 0xDF, 0xA3) // matroska, webm
        || starts(head, length, 'O', 'g', 'g', 'S') // ogg
        || starts(head, length, 'f', 'L', 'a', 'C') // flac
        || starts(head, length, 'I', 'D', '3') // mp3 with ID3 tag
        || starts(head, length, '%', 'P', 'D', 'F'); // pdf (streams are deflated)
  }

  private static boolean starts(byte[] head, int length, int... magic) {
    return at(head, length, 0, magic);
  }

  private static boolean at(byte[] head, int length, int offset, int... magic) {
    if (length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
