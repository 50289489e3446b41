package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdParseTest {

  private static final String VALID = PeerIdTest.RFC8032_PEER_ID;
  private static final Pattern TYPO =
      Pattern.compile(
          "PeerId has a typo near character (\\d+) \\(one of characters (\\d+) to (\\d+) is wrong\\)");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void detectsEverySingleCharacterTypo(long seed) {
    String value = PeerIdTest.randomPeerId(new Random(seed)).value();
    List<String> accepted = new ArrayList<>();
    for (int position = 0; position < value.length(); position++) {
      for (char replacement : Base32.ALPHABET.toCharArray()) {
        if (replacement == value.charAt(position)) {
          continue;
        }
        String typo = value.substring(0, position) + replacement + value.substring(position + 1);
        try {
          PeerId.parse(typo);
          accepted.add(typo);
        } catch (InvalidPeerIdException e) {
          Matcher m = TYPO.matcher(e.getMessage());
          assertTrue(m.matches(), e.getMessage());
          int human = position + 1;
          assertTrue(
              Integer.parseInt(m.group(2)) <= human && human <= Integer.parseInt(m.group(3)),
              "typo at " + human + " reported as: " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void namesTheGroupOfATypoAsTheUserTypedIt() {
    PeerId id = PeerId.parse(VALID);
    String grouped = id.grouped(); // check group 2 is typed characters 17 to 31 (dashes count)
    String typo =
        grouped.substring(0, 19) + (grouped.charAt(19) == 'A' ? 'B' : 'A') + grouped.substring(20);
    InvalidPeerIdException e = assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(typo));
    assertEquals(
        "PeerId has a typo near character 17 (one of characters 17 to 31 is wrong)",
        e.getMessage());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "--"})
  void saysSoWhenThereIsNothingToParse(String text) {
    InvalidPeerIdException e = assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(text));
    assertTrue(e.getMessage().startsWith("PeerId "), e.getMessage());
    assertFalse(PeerId.tryParse(text).isPresent());
  }

  @Test
  void saysHowManyCharactersThereAreWhenTheLengthIsWrong() {
    InvalidPeerIdException shorter =
        assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(VALID.substring(1)));
    assertEquals(
        "PeerId must have 56 letters and digits (not counting '-' and spaces), but this has 55",
        shorter.getMessage());
    InvalidPeerIdException longer =
        assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(VALID + "A"));
    assertTrue(longer.getMessage().endsWith("but this has 57"), longer.getMessage());
  }

  @Test
  void pointsAtACharacterOutsideTheAlphabet() {
    String withZero = "0" + VALID.substring(1);
    InvalidPeerIdException zero =
        assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(withZero));
    assertEquals(
        "PeerId contains '0' at character 1; only letters A-Z and digits 2-7 are used"
            + " (did you mean the letter O?)",
        zero.getMessage());

    String withTab = VALID.substring(0, 9) + "\t" + VALID.substring(9);
    InvalidPeerIdException tab =
        assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(withTab));
    assertTrue(
        tab.getMessage().startsWith("PeerId contains U+0009 at character 10;"), tab.getMessage());
  }

  @Test
  void refusesTextWhoseUnusedBitsAreSetEvenWithCorrectCheckCharacters() {
    // Character 55 (the last data character) carries 1 key bit and 4 padding bits.
    String lastGroupData = VALID.substring(42, 54);
    char notCanonical = Base32.ALPHABET.charAt(Base32.valueOf(VALID.charAt(54)) | 1);
    String group = lastGroupData.substring(0, 12) + notCanonical;
    String crafted = VALID.substring(0, 42) + group + LuhnBase32.checkCharacter(group);
    InvalidPeerIdException e =
        assertThrows(InvalidPeerIdException.class, () -> PeerId.parse(crafted));
    assertEquals("PeerId is not valid: character 55 cannot occur in a real PeerId", e.getMessage());
  }

  @Test
  void tryParseGivesEmptyForBadTextAndThePeerIdForGoodText() {
    assertFalse(PeerId.tryParse("hello").isPresent());
    assertEquals(VALID, PeerId.tryParse(VALID.toLowerCase()).orElseThrow().value());
  }

  @Test
  void isAnIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> PeerId.parse("nope"));
  }
}
