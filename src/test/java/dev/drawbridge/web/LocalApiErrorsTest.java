package dev.drawbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.ShareException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every failure the local API can throw has one status and one {"error","message"} answer. */
class LocalApiErrorsTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new ShareException(ShareException.Kind.INVALID, "bad name"),
            400,
            "invalid",
            "bad name"),
        Arguments.of(
            new ShareException(ShareException.Kind.NOT_FOUND, "no share"),
            404,
            "not_found",
            "no share"),
        Arguments.of(
            new ShareException(ShareException.Kind.CONFLICT, "exists"), 409, "conflict", "exists"),
        Arguments.of(new BadPathException("has .."), 400, "bad_path", "has .."),
        Arguments.of(new IllegalArgumentException("not a PeerId"), 400, "invalid", "not a PeerId"),
        Arguments.of(
            new PeerApiException(404, "not_found", "not granted"), 404, "not_found", "not granted"),
        Arguments.of(new PeerApiException(416, "range", "bad range"), 416, "range", "bad range"),
        Arguments.of(
            new PeerApiException(500, "internal", "peer broke"), 502, "internal", "peer broke"),
        Arguments.of(
            new PeerUnreachableException(Identity.generate().peerId(), "no route"),
            502,
            "peer_unreachable",
            null),
        Arguments.of(
            new NotFoundException("no such transfer"), 404, "not_found", "no such transfer"),
        Arguments.of(
            new ClientErrorException("it is complete", 409), 409, "conflict", "it is complete"),
        Arguments.of(
            new ForbiddenException("cross-site request refused"),
            403,
            "forbidden",
            "cross-site request refused"),
        Arguments.of(
            new IllegalStateException("secret detail"), 500, "internal", "internal error"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void mapsEachFailureToOneStatusAndCode(
      Throwable failure, int status, String code, String message) {
    LocalApiErrors.Failure f = LocalApiErrors.of(failure);
    assertEquals(status, f.status());
    assertEquals(code, f.code());
    assertEquals(message == null ? failure.getMessage() : message, f.message());
  }

  @ParameterizedTest
  @MethodSource("failures")
  void answersTheApiWithTheDocumentedJsonShape(
      Throwable failure, int status, String code, String message) {
    Response r = LocalApiErrors.answer(failure, false, "/api/v1/anything");
    assertEquals(status, r.getStatus());
    assertEquals(MediaType.APPLICATION_JSON_TYPE, r.getMediaType());
    assertEquals(
        Map.of("error", code, "message", LocalApiErrors.of(failure).message()), r.getEntity());
  }
}
