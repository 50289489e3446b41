package dev.drawbridge.web;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The test peer as its own contact: shares it grants to itself, so the local API's contact routes
 * go over the real mesh to the same peer's host side.
 */
final class OwnShares {
  final String me;

  OwnShares() {
    JsonPath identity = given().get("/api/v1/identity").jsonPath();
    me = identity.getString("peerId");
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"peerId\":\""
                + me
                + "\",\"address\":\"127.0.0.1:"
                + identity.getInt("meshPort")
                + "\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(201);
  }

  /** Shares {@code folder} under a fresh name granted to ourselves with {@code access}. */
  String share(Path folder, String access) {
    String name = "s" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"path\":\"" + folder.toAbsolutePath() + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"" + access + "\"}")
        .put("/api/v1/shares/" + name + "/grants/" + me)
        .then()
        .statusCode(201);
    return name;
  }

  String uri(String share, String path) {
    return "/api/v1/contacts/" + me + "/shares/" + share + "/" + path;
  }
}
