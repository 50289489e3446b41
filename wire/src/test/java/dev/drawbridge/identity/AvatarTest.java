package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AvatarTest {

  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void isAStandaloneSvgWithAFiveByFiveViewBox() throws Exception {
    String svg = Avatar.svg(PeerId.fromRawKey(PeerIdTest.RFC8032_KEY));
    assertTrue(
        svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 5 5\""), svg);
    Element root = parse(svg).getDocumentElement();
    assertEquals(SVG_NS, root.getNamespaceURI());
    assertEquals("svg", root.getLocalName());
    assertEquals("0 0 5 5", root.getAttribute("viewBox"));
  }

  @Test
  void samePeerIdAlwaysGetsTheSameAvatar() {
    PeerId id = PeerIdTest.randomPeerId(new Random(1));
    assertEquals(Avatar.svg(id), Avatar.svg(PeerId.parse(id.value())));
  }

  @Test
  void differentPeerIdsGetDifferentAvatars() {
    Random random = new Random(2);
    Set<String> avatars = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      avatars.add(Avatar.svg(PeerIdTest.randomPeerId(random)));
    }
    assertEquals(20, avatars.size());
  }

  @Test
  void patternIsMirroredLeftToRight() throws Exception {
    Random random = new Random(4);
    for (int i = 0; i < 20; i++) {
      NodeList cells =
          parse(Avatar.svg(PeerIdTest.randomPeerId(random)))
              .getElementsByTagNameNS(SVG_NS, "g")
              .item(0)
              .getChildNodes();
      Set<String> filled = new HashSet<>();
      for (int c = 0; c < cells.getLength(); c++) {
        Element cell = (Element) cells.item(c);
        filled.add(cell.getAttribute("x") + "," + cell.getAttribute("y"));
      }
      assertFalse(filled.isEmpty());
      for (String xy : filled) {
        int x = Integer.parseInt(xy.split(",")[0]);
        assertTrue(filled.contains((4 - x) + "," + xy.split(",")[1]), xy + " in " + filled);
      }
    }
  }

  @Test
  void containsOnlyMarkupNumbersAndColoursItComputed() {
    Random random = new Random(6);
    for (int i = 0; i < 50; i++) {
      PeerId id = PeerIdTest.randomPeerId(random);
      String svg = Avatar.svg(id);
      String withoutFixedMarkup =
          svg.replaceAll("#[0-9a-f]{6}", "")
              .replaceAll("(x|y|width|height)=\"[0-9]+\"", "")
              .replace("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 5 5\"", "")
              .replace(" shape-rendering=\"crispEdges\">", "")
              .replaceAll("<rect ?|fill=\"\"|<g |/>|>|</g>|</svg>| ", "");
      assertEquals("", withoutFixedMarkup, svg);
      assertFalse(svg.contains(id.shortForm()));
    }
  }

  @Test
  void convertsHslToHex() {
    assertEquals("#ff0000", Avatar.hslToHex(0, 1, 0.5));
    assertEquals("#00ff00", Avatar.hslToHex(120, 1, 0.5));
    assertEquals("#0000ff", Avatar.hslToHex(240, 1, 0.5));
    assertEquals("#ffffff", Avatar.hslToHex(300, 0.5, 1));
  }
}
