package io.fabrica.devices.core.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.imageio.ImageIO;

/**
 * Reads the ground truth that Fabrica's simulator carries inside a part image: the defect mask (the
 * private PNG chunk {@code fbMs}: width, height, then one zlib-deflated byte per pixel, 1 = defect),
 * turned into the mask file of a dataset — an 8-bit gray PNG of the image's size, white where the
 * defect is — and the defect's label (chunk {@code fbDf}, US-ASCII). Images without the chunks (real
 * cameras; good parts have no mask) have neither.
 */
public final class GroundTruthMask {

    private static final byte[] TYPE = "fbMs".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEFECT_TYPE = "fbDf".getBytes(StandardCharsets.US_ASCII);
    /** Labels are short words; a longer chunk is not ours. */
    private static final int MAX_LABEL = 64;
    private static final int SIGNATURE = 8;

    private GroundTruthMask() {
    }

    /**
     * @param png a PNG file
     * @return the mask as a PNG file, or {@code null} if the image carries none (or a malformed one)
     */
    public static byte[] maskPng(byte[] png) {
        int at = find(png, TYPE);
        return at < 0 ? null : decode(png, at + 8, ByteBuffer.wrap(png).getInt(at));
    }

    /**
     * @param png a PNG file
     * @return the part's defect label the image carries ({@code ok} for a good part), or {@code null}
     *         if it carries none
     */
    public static String defectLabel(byte[] png) {
        int at = find(png, DEFECT_TYPE);
        if (at < 0) {
            return null;
        }
        int length = ByteBuffer.wrap(png).getInt(at);
        String label = new String(png, at + 8, length, StandardCharsets.US_ASCII);
        return length > 0 && length <= MAX_LABEL && label.matches("[A-Za-z0-9_-]+") ? label : null;
    }

    /** @return the offset of the first chunk of this type, or -1 (also for a malformed file) */
    private static int find(byte[] png, byte[] type) {
        ByteBuffer in = ByteBuffer.wrap(png);
        int at = SIGNATURE;
        while (at + 12 <= png.length) {
            int length = in.getInt(at);
            if (length < 0 || at + 12L + length > png.length) {
                return -1;
            }
            if (png[at + 4] == type[0] && png[at + 5] == type[1] && png[at + 6] == type[2] && png[at + 7] == type[3]) {
                return at;
            }
            at += 12 + length;
        }
        return -1;
    }

    private static byte[] decode(byte[] png, int start, int length) {
        if (length < 8) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(png, start, 8);
        int width = header.getInt();
        int height = header.getInt();
        if (width <= 0 || height <= 0 || (long) width * height > 64L << 20) {
            return null;
        }
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(png, start + 8, length - 8);
            int n = inflater.inflate(pixels);
            if (n != pixels.length) {
                return null;
            }
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (pixels[i] != 0 ? 255 : 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(mask, "png", out);
        } catch (IOException e) {
            return null;
        }
        return out.toByteArray();
    }
}
