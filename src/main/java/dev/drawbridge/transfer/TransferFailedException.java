package dev.drawbridge.transfer;

/**
 * A download gave up: the message is meant for the user ("chunk 17 failed verification 5 times"),
 * and the job that owns the download decides whether to try again later.
 */
public final class TransferFailedException extends RuntimeException {
  public TransferFailedException(String message) {
    super(message);
  }

  public TransferFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
