package dev.drawbridge.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A deterministic friendly name "{Adjective} {Creature} {Place}" so people recognise peers at a
 * glance. 64^3 names: fine for telling a handful of peers apart, never enough to authenticate one,
 * which is what {@link PeerId} is for.
 *
 * <p>Reordering or editing these lists renames every peer, so a test pins a known name.
 */
public final class DisplayName {

  static final List<String> ADJECTIVES =
      List.of(
          "Amber",
          "Azure",
          "Bold",
          "Brave",
          "Bright",
          "Brisk",
          "Calm",
          "Candid",
          "Cheerful",
          "Clever",
          "Coral",
          "Cosmic",
          "Crimson",
          "Curious",
          "Dapper",
          "Daring",
          "Eager",
          "Earnest",
          "Emerald",
          "Fearless",
          "Gentle",
          "Gleaming",
          "Golden",
          "Graceful",
          "Happy",
          "Hardy",
          "Honest",
          "Humble",
          "Ivory",
          "Jade",
          "Jolly",
          "Keen",
          "Kind",
          "Lively",
          "Lucky",
          "Lunar",
          "Merry",
          "Mighty",
          "Misty",
          "Nimble",
          "Noble",
          "Patient",
          "Plucky",
          "Polite",
          "Quick",
          "Quiet",
          "Radiant",
          "Rapid",
          "Rosy",
          "Ruby",
          "Rustic",
          "Sage",
          "Scarlet",
          "Serene",
          "Silver",
          "Snowy",
          "Sunny",
          "Swift",
          "Tidy",
          "Velvet",
          "Vivid",
          "Warm",
          "Witty",
          "Zesty");

  static final List<String> CREATURES =
      List.of(
          "Otter",
          "Badger",
          "Beaver",
          "Bison",
          "Falcon",
          "Fox",
          "Gecko",
          "Heron",
          "Hedgehog",
          "Ibis",
          "Jaguar",
          "Koala",
          "Lemur",
          "Lynx",
          "Marmot",
          "Meerkat",
          "Moose",
          "Narwhal",
          "Ocelot",
          "Owl",
          "Panda",
          "Pelican",
          "Penguin",
          "Puffin",
          "Quokka",
          "Rabbit",
          "Raven",
          "Robin",
          "Salmon",
          "Seal",
          "Sparrow",
          "Squirrel",
          "Stork",
          "Swan",
          "Tapir",
          "Tiger",
          "Toucan",
          "Turtle",
          "Walrus",
          "Wombat",
          "Wren",
          "Yak",
          "Zebra",
          "Alpaca",
          "Beetle",
          "Camel",
          "Crane",
          "Dolphin",
          "Eagle",
          "Ferret",
          "Finch",
          "Gazelle",
          "Giraffe",
          "Hare",
          "Kestrel",
          "Kiwi",
          "Llama",
          "Magpie",
          "Mole",
          "Newt",
          "Orca",
          "Parrot",
          "Pony",
          "Dragon");

  static final List<String> PLACES =
      List.of(
          "Harbor",
          "Meadow",
          "Valley",
          "Canyon",
          "Forest",
          "Glacier",
          "Island",
          "Lagoon",
          "Marsh",
          "Mesa",
          "Mountain",
          "Oasis",
          "Orchard",
          "Prairie",
          "Reef",
          "Ridge",
          "River",
          "Summit",
          "Tundra",
          "Village",
          "Bay",
          "Beach",
          "Brook",
          "Cavern",
          "Cliff",
          "Coast",
          "Cove",
          "Creek",
          "Delta",
          "Dune",
          "Falls",
          "Field",
          "Fjord",
          "Garden",
          "Glade",
          "Grove",
          "Haven",
          "Heath",
          "Hill",
          "Hollow",
          "Lake",
          "Lighthouse",
          "Market",
          "Moor",
          "Pasture",
          "Peak",
          "Pier",
          "Plateau",
          "Pond",
          "Quarry",
          "Rapids",
          "Shore",
          "Spring",
          "Steppe",
          "Strand",
          "Stream",
          "Terrace",
          "Thicket",
          "Tower",
          "Vale",
          "Vineyard",
          "Volcano",
          "Waterfall",
          "Wharf");

  private DisplayName() {}

  public static String of(PeerId id) {
    // Hashing the key (not the base32 text) spreads near-identical keys over all the words.
    byte[] hash = sha256(id.rawKey());
    return pick(ADJECTIVES, hash, 0) + " " + pick(CREATURES, hash, 2) + " " + pick(PLACES, hash, 4);
  }

  private static String pick(List<String> words, byte[] hash, int offset) {
    int index = ((hash[offset] & 0xFF) << 8 | (hash[offset + 1] & 0xFF)) % words.size();
    return words.get(index);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
