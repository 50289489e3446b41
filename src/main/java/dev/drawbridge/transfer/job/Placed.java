package dev.drawbridge.transfer.job;

import java.nio.file.Path;

/** A file the batch path placed, with the size it really had. */
public record Placed(JobFile file, Path path, long size) {}
