package dev.drawbridge.identity;

/**
 * Text that is not a valid PeerId. The message is written for the person who typed or pasted it, so
 * UI code can show it as is.
 */
public final class InvalidPeerIdException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidPeerIdException(String message) {
    super(message);
  }
}
