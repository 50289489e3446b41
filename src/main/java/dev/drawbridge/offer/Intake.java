package dev.drawbridge.offer;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * The upload receiver as the offers see it: answers an upload create (the headers of a share
 * upload's PUT) for one accepted file into a folder that is not a share, and says where the file
 * was placed once the last PATCH (or the single PUT) completed it.
 */
public interface Intake {
  /**
   * @param label what the arrival log records as its origin (the offer id)
   * @param placed called with the path as placed, relative to {@code target.folder()}
   */
  void create(
      PeerId caller,
      HttpServerRequest request,
      Inbox.Target target,
      String label,
      Consumer<String> placed);
}
