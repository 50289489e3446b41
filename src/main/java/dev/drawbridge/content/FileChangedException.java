package dev.drawbridge.content;

/**
 * The host's file changed during the transfer: its bytes can no longer be mixed with what we have.
 */
public final class FileChangedException extends RuntimeException {
  public FileChangedException(String message) {
    super(message);
  }
}
