package io.fabrica.model.resource;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates the stable ids of plant-model elements: random (version 4) UUIDs.
 *
 * <p>Ids only have to be unique, not unguessable, so they are drawn from {@link ThreadLocalRandom}
 * instead of {@code UUID.randomUUID()}'s SecureRandom: every element constructed while loading a
 * file gets one before the stored id replaces it, and a 100,000-signal plant must load fast.
 */
public final class StableIds {

    private StableIds() {
    }

    /** @return a new random UUID in its canonical 36-character form */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
