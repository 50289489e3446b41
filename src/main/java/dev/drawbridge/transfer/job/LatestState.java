package dev.drawbridge.transfer.job;

/** The latest history row of a job ({@code fileId} null) or of one of its files. */
public record LatestState(String fileId, String state, String detail) {
  public State value() {
    return State.of(state);
  }
}
