package io.fabrica.devices.sim.generators;

import java.util.Objects;

/**
 * One simulated camera image of a part, with its ground truth.
 *
 * <p>The PNG array is handed over without a copy (images are megabytes and published once);
 * callers must not modify it. As with every record holding an array, {@code equals} compares
 * the array by identity.
 *
 * @param partNumber the 0-based number of the part; {@code partNumber + 1} parts have been
 *        imaged when the generator produced it via {@link PartImageGenerator#next()}
 * @param png the encoded image: 8-bit grayscale PNG of {@code width × height}; for a defect it also
 *        carries the defect's pixel mask in a private chunk (see {@code MaskChunk})
 * @param defect the defect shown, {@link PartDefect#OK} if none
 * @param width image width, pixels
 * @param height image height, pixels
 * @param box where the defect is: the smallest rectangle holding every pixel it changed by 4
 *        gray levels or more (its smooth fade-out beyond is below the sensor noise), or
 *        {@code null} exactly when the defect is {@link PartDefect#OK}
 */
public record PartImage(long partNumber, byte[] png, PartDefect defect, int width, int height, Box box) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code png} or {@code defect} is {@code null}
     * @throws IllegalArgumentException if the box is missing for a defect or present for OK
     */
    public PartImage {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(defect, "defect");
        if ((defect == PartDefect.OK) != (box == null)) {
            throw new IllegalArgumentException("a box is required exactly for defects, got " + defect + " with " + box);
        }
    }

    /** @return the defect's dataset label, e.g. {@code "ok"} or {@code "scratch"} */
    public String label() {
        return defect.label();
    }

    /**
     * An axis-aligned rectangle in image pixels, origin top left (the usual object-detection
     * bounding-box convention, exclusive of {@code x + width}).
     *
     * @param x left column
     * @param y top row
     * @param width columns, {@code >= 1}
     * @param height rows, {@code >= 1}
     */
    public record Box(int x, int y, int width, int height) {

        /**
         * Whether a pixel lies in the box.
         *
         * @param px a column
         * @param py a row
         * @return whether the pixel lies in the box
         */
        public boolean contains(int px, int py) {
            return px >= x && px < x + width && py >= y && py < y + height;
        }
    }
}
