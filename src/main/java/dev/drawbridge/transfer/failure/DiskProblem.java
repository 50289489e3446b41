package dev.drawbridge.transfer.failure;

/** What the disk said, as far as a person needs to know to fix it. */
public enum DiskProblem {
  NO_SPACE,
  PERMISSION,
  READ_ONLY,
  PATH,
  OTHER
}
