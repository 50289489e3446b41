package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DisplayNameTest {

  @Test
  void aKnownKeyHasAKnownName() {
    // Golden value: changes if a word list is edited or reordered, which renames every peer.
    assertEquals("Witty Squirrel Bay", DisplayName.of(PeerId.fromRawKey(PeerIdTest.RFC8032_KEY)));
  }

  @Test
  void samePeerIdAlwaysGetsTheSameName() {
    PeerId id = PeerIdTest.randomPeerId(new Random(3));
    String name = DisplayName.of(id);
    assertEquals(name, DisplayName.of(id));
    assertEquals(name, DisplayName.of(PeerId.parse(id.grouped())));
  }

  @Test
  void namesAreThreeCapitalisedWordsSeparatedBySingleSpaces() {
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      String name = DisplayName.of(PeerIdTest.randomPeerId(random));
      assertTrue(name.matches("[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+"), name);
    }
  }

  @Test
  void thousandRandomPeersGetAtLeast900DistinctNames() {
    Random random = new Random(42);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      names.add(DisplayName.of(PeerIdTest.randomPeerId(random)));
    }
    assertTrue(names.size() >= 900, names.size() + " distinct names");
  }

  @Test
  void wordListsHoldAtLeast64DistinctPlainWordsEach() {
    Set<String> all = new HashSet<>();
    int total = 0;
    for (List<String> words :
        List.of(DisplayName.ADJECTIVES, DisplayName.CREATURES, DisplayName.PLACES)) {
      assertTrue(words.size() >= 64, words.size() + " words");
      assertEquals(words.size(), new HashSet<>(words).size(), "no duplicates in " + words);
      for (String word : words) {
        assertTrue(word.matches("[A-Z][a-z]+"), word);
      }
      all.addAll(words);
      total += words.size();
    }
    assertEquals(total, all.size(), "no word appears in two lists");
  }
}
