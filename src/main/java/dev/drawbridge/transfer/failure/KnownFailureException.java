package dev.drawbridge.transfer.failure;

/**
 * Thrown where the failure is known already (a folder over a limit): classification just unwraps
 * it.
 */
public final class KnownFailureException extends RuntimeException {
  private final TransferFailure failure;

  public KnownFailureException(TransferFailure failure, String technical) {
    super(technical);
    this.failure = failure;
  }

  public TransferFailure failure() {
    return failure;
  }
}
