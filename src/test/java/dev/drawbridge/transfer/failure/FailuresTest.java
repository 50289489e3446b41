package dev.drawbridge.transfer.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.transfer.DownloadHaltedException;
import dev.drawbridge.transfer.TransferFailedException;
import dev.drawbridge.transfer.TransferFailedException.Reason;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table: what lower layers throw, which failure it is, and whether the job waits or fails. */
class FailuresTest {
  static final Path FOLDER = Path.of("/downloads");
  static final Failures.Where ALICE =
      new Failures.Where("Alice", FOLDER, folder -> DiskProblem.NO_SPACE);
  static final Failures.Where ALICE_ROOMY =
      new Failures.Where("Alice", FOLDER, folder -> DiskProblem.OTHER);

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "disk_full_fails",
            new TransferFailedException(Reason.NO_SPACE, "not enough disk space"),
            ALICE_ROOMY,
            new TransferFailure.Disk(DiskProblem.NO_SPACE, FOLDER),
            false),
        row(
            "disk_full_found_by_asking_the_disk_fails",
            new TransferFailedException(
                Reason.DISK, "could not write", new IOException("No space left on device")),
            ALICE,
            new TransferFailure.Disk(DiskProblem.NO_SPACE, FOLDER),
            false),
        row(
            "write_denied_fails",
            new TransferFailedException(
                Reason.DISK, "could not write", new AccessDeniedException("/downloads/x")),
            ALICE,
            new TransferFailure.Disk(DiskProblem.PERMISSION, FOLDER),
            false),
        row(
            "folder_gone_while_placing_fails",
            new NoSuchFileException("/downloads/x"),
            ALICE,
            new TransferFailure.Disk(DiskProblem.PATH, FOLDER),
            false),
        row(
            "peer_unreachable_waits",
            new PeerUnreachableException(null, "no route"),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "peer_unreachable_behind_a_manifest_failure_waits",
            new TransferFailedException(
                "could not get the manifest", new PeerUnreachableException(null, "no route")),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "chunk_unreadable_again_and_again_waits",
            new TransferFailedException(
                Reason.UNREADABLE, "chunk 3", new PeerApiException(503, "busy", "busy")),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "connection_reset_waits",
            new HttpClosedException("Connection was closed"),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "connection_refused_waits",
            new CompletionException(new ConnectException("refused")),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "timeout_waits",
            new TimeoutException(),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "host_5xx_waits",
            new PeerApiException(500, "internal", "boom"),
            ALICE,
            new TransferFailure.PeerGone("Alice"),
            true),
        row(
            "host_404_fails_not_granted",
            new PeerApiException(404, "not_found", "not found"),
            ALICE,
            new TransferFailure.NotGranted("Alice", 404),
            false),
        row(
            "host_403_behind_a_manifest_failure_fails_not_granted",
            new TransferFailedException(
                "could not get the manifest", new PeerApiException(403, "forbidden", "no grant")),
            ALICE,
            new TransferFailure.NotGranted("Alice", 403),
            false),
        row(
            "changed_file_restarts_once",
            new FileChangedException("etag moved"),
            ALICE,
            new TransferFailure.Changed("Alice"),
            true),
        row(
            "changed_file_wrapped_restarts_once",
            new CompletionException(new FileChangedException("etag moved")),
            ALICE,
            new TransferFailure.Changed("Alice"),
            true),
        row(
            "verification_failed_after_repair_fails_corrupt",
            new TransferFailedException(Reason.CORRUPT, "whole file"),
            ALICE,
            new TransferFailure.Corrupt("Alice"),
            false),
        row(
            "malformed_manifest_fails",
            new TransferFailedException("the host sent a manifest without a version"),
            ALICE,
            new TransferFailure.BadAnswer("Alice"),
            false),
        row(
            "folder_too_deep_fails",
            new KnownFailureException(
                new TransferFailure.OverLimit(TransferFailure.OverLimit.Limit.TOO_DEEP, 4), "deep"),
            ALICE,
            new TransferFailure.OverLimit(TransferFailure.OverLimit.Limit.TOO_DEEP, 4),
            false),
        row(
            "paused_file_stops",
            new DownloadHaltedException(),
            ALICE,
            new TransferFailure.Stopped(false),
            false),
        row(
            "canceled_file_stops",
            new CancellationException(),
            ALICE,
            new TransferFailure.Stopped(true),
            false),
        row(
            "anything_else_waits",
            new IllegalStateException("surprise"),
            ALICE,
            new TransferFailure.Unexpected(),
            true));
  }

  static Arguments row(
      String name,
      Throwable thrown,
      Failures.Where where,
      TransferFailure expected,
      boolean retry) {
    return Arguments.of(name, thrown, where, expected, retry);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classifiesByTypeAndStatus(
      String name,
      Throwable thrown,
      Failures.Where where,
      TransferFailure expected,
      boolean retry) {
    TransferFailure got = Failures.classify(thrown, where);
    assertEquals(expected, got);
    assertEquals(retry, got.retryable());
    assertTrue(!got.sentence().contains("Exception"), "a sentence for a person: " + got.sentence());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void saysWhatHappenedInASentence(
      String name,
      Throwable thrown,
      Failures.Where where,
      TransferFailure expected,
      boolean retry) {
    String s = Failures.classify(thrown, where).sentence();
    assertTrue(Character.isUpperCase(s.charAt(0)) && s.endsWith("."), s);
  }
}
