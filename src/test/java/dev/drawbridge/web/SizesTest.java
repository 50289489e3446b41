package dev.drawbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Sizes typed by people, and shown so that saving a form again changes nothing. */
class SizesTest {
  @Test
  void readsWhatPeopleType() {
    assertEquals(0, Sizes.parse("", "x"));
    assertEquals(0, Sizes.parse("  ", "x"));
    assertEquals(2_000_000_000L, Sizes.parse("2 GB", "x"));
    assertEquals(500_000_000L, Sizes.parse("500MB", "x"));
    assertEquals(1_500_000_000L, Sizes.parse("1.5 gb", "x"));
    assertEquals(1L << 30, Sizes.parse("1 GiB", "x"));
    assertEquals(4096, Sizes.parse("4096", "x"));
    assertEquals(10_000, Sizes.parse("10 kB", "x"));
  }

  @Test
  void refusesWhatIsNoSizeNamingTheField() {
    for (String bad : new String[] {"-1 GB", "2 GX", "lots", "1,000", "99999999999 PB"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad, "Largest file"));
      assertEquals(true, e.getMessage().startsWith("Largest file: "), e.getMessage());
    }
  }

  @Test
  void showsSizesExactlySoTheyRoundTrip() {
    for (long n : new long[] {1L << 30, 2_000_000_000L, 1_500_000, 1234, 1L << 20, 5_000}) {
      assertEquals(n, Sizes.parse(Sizes.exact(n), "x"), Sizes.exact(n));
    }
    assertEquals("", Sizes.exact(0));
    assertEquals("2 GB", Sizes.exact(2_000_000_000L));
    assertEquals("1 GiB", Sizes.exact(1L << 30));
  }
}
