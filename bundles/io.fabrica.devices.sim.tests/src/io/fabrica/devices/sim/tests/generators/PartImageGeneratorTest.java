package io.fabrica.devices.sim.tests.generators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.fabrica.devices.sim.generators.PartDefect;
import io.fabrica.devices.sim.generators.PartImage;
import io.fabrica.devices.sim.generators.PartImageGenerator;

/** Part images decode, carry defects at the configured rate, and their labels and boxes are true. */
class PartImageGeneratorTest {

    @Test
    void pngsDecodeToTheRequestedSizeUpToFullHd() {
        for (int[] size : new int[][] { { 320, 240 }, { 1920, 1080 }, { 32, 32 } }) {
            PartImage image = new PartImageGenerator(size[0], size[1], 0.5, 1).next();
            BufferedImage decoded = decode(image);
            assertEquals(size[0], decoded.getWidth());
            assertEquals(size[1], decoded.getHeight());
            assertEquals(size[0], image.width());
            assertEquals(size[1], image.height());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, decoded.getType());
        }
    }

    @Test
    void defectsAppearAtTheConfiguredRateAndOnlyDefectsHaveBoxes() {
        PartImageGenerator generator = new PartImageGenerator(96, 64, 0.3, 7);
        Map<PartDefect, Integer> counts = new EnumMap<>(PartDefect.class);
        for (int i = 0; i < 200; i++) {
            PartImage image = generator.next();
            assertEquals(i, image.partNumber());
            counts.merge(image.defect(), 1, Integer::sum);
            if (image.defect() == PartDefect.OK) {
                assertNull(image.box(), "an ok part has no defect box");
                assertEquals("ok", image.label());
            } else {
                assertInside(image);
            }
        }
        int defective = 200 - counts.getOrDefault(PartDefect.OK, 0);
        // binomial(200, 0.3): mean 60, standard deviation 6.5; 4 sigma either side
        assertTrue(defective >= 34 && defective <= 86, "defective parts: " + counts);
        for (PartDefect defect : new PartDefect[] { PartDefect.SCRATCH, PartDefect.SPOT, PartDefect.DENT }) {
            assertTrue(counts.getOrDefault(defect, 0) >= 8, "each kind appears: " + counts);
        }
        assertEquals(200, generator.partsInspected());
    }

    @Test
    void defectRatesZeroAndOneGiveAllOkAndAllDefective() {
        PartImageGenerator none = new PartImageGenerator(64, 64, 0, 3);
        PartImageGenerator all = new PartImageGenerator(64, 64, 1, 3);
        for (int i = 0; i < 50; i++) {
            assertEquals(PartDefect.OK, none.defectOf(i));
            assertFalse(all.defectOf(i) == PartDefect.OK);
        }
    }

    @Test
    void aDefectChangesThePixelsInsideItsBoxAndNothingVisibleOutside() {
        PartImageGenerator generator = new PartImageGenerator(640, 480, 0.5, 11);
        for (PartDefect defect : new PartDefect[] { PartDefect.SCRATCH, PartDefect.SPOT, PartDefect.DENT }) {
            for (long part = 0; part < 5; part++) {
                BufferedImage clean = decode(generator.render(part, PartDefect.OK));
                PartImage image = generator.render(part, defect);
                assertEquals(defect, image.defect());
                assertEquals(defect.label(), image.label());
                assertInside(image);
                assertVisibleOnlyInBox(clean, decode(image), image.box(), defect + " on part " + part);
            }
        }
    }

    @Test
    void theSameSeedAndPartGiveTheSameImageAndOtherPartsDiffer() {
        PartImageGenerator a = new PartImageGenerator(200, 150, 0.5, 42);
        PartImageGenerator b = new PartImageGenerator(200, 150, 0.5, 42);
        for (int i = 0; i < 5; i++) {
            PartImage first = a.next();
            PartImage second = b.next();
            assertArrayEquals(first.png(), second.png());
            assertEquals(first.defect(), second.defect());
            assertEquals(first.box(), second.box());
        }
        assertFalse(Arrays.equals(a.render(1, PartDefect.OK).png(), a.render(2, PartDefect.OK).png()));
        assertFalse(Arrays.equals(a.render(1, PartDefect.OK).png(),
                new PartImageGenerator(200, 150, 0.5, 43).render(1, PartDefect.OK).png()));
    }

    @Test
    void thePartIsABrightDiscOnADarkBelt() {
        BufferedImage image = decode(new PartImageGenerator(400, 300, 0, 5).next());
        int corner = image.getRaster().getSample(5, 5, 0);
        int face = image.getRaster().getSample(200 + 80, 150, 0);
        int bore = image.getRaster().getSample(200, 150, 0);
        assertTrue(corner < 70 && bore < 40 && face > 90, "belt " + corner + ", face " + face + ", bore " + bore);
    }

    @Test
    void sizesAndRatesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new PartImageGenerator(1921, 1080, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PartImageGenerator(1920, 1081, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PartImageGenerator(31, 100, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PartImageGenerator(100, 100, 1.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PartImageGenerator(100, 100, 0.1, 1).render(-1, PartDefect.OK));
    }

    private static void assertInside(PartImage image) {
        PartImage.Box box = image.box();
        assertNotNull(box, image.defect() + " needs a box");
        assertTrue(box.x() >= 0 && box.y() >= 0 && box.width() >= 1 && box.height() >= 1
                && box.x() + box.width() <= image.width() && box.y() + box.height() <= image.height(), box.toString());
    }

    private static void assertVisibleOnlyInBox(BufferedImage clean, BufferedImage defective, PartImage.Box box, String what) {
        int maxInside = 0;
        long sumInside = 0;
        int maxOutside = 0;
        for (int y = 0; y < clean.getHeight(); y++) {
            for (int x = 0; x < clean.getWidth(); x++) {
                int difference = Math.abs(clean.getRaster().getSample(x, y, 0) - defective.getRaster().getSample(x, y, 0));
                if (box.contains(x, y)) {
                    maxInside = Math.max(maxInside, difference);
                    sumInside += difference;
                } else {
                    maxOutside = Math.max(maxOutside, difference);
                }
            }
        }
        double meanInside = sumInside / (double) (box.width() * box.height());
        assertTrue(maxInside >= 25 && meanInside >= 3, what + ": inside the box max " + maxInside + ", mean " + meanInside);
        assertTrue(maxOutside < 4, what + ": outside the box the image changed by " + maxOutside);
    }

    private static BufferedImage decode(PartImage image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
            assertNotNull(decoded, "not a readable PNG");
            return decoded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
