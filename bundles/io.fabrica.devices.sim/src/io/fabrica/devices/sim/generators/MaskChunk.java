package io.fabrica.devices.sim.generators;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Carries a part's ground truth inside its image, so that image and truth cannot drift apart between
 * the simulator and a recorder: two OPC UA variables (the image and {@code Simulation/PartDefect})
 * arrive in separate notifications in either order, and a recorder that paired them labelled each
 * image with its neighbour's defect. Two private, ancillary PNG chunks: {@value #TYPE}, the defect's
 * pixel mask — width and height (4 bytes each, big-endian), then one byte per pixel (1 = changed by
 * the defect), zlib-deflated — and {@value #DEFECT_TYPE}, the defect's label in US-ASCII ({@code ok}
 * for a good part). Decoders ignore unknown ancillary chunks, so the image stays an ordinary PNG for
 * every other client; Fabrica's recorder writes the mask beside the image ({@code
 * images/<signal>/masks/}) and the label into the index.
 */
final class MaskChunk {

    /** The chunk type: ancillary (f), private (b), reserved bit clear (M), safe to copy (s). */
    static final String TYPE = "fbMs";

    /** The chunk type of the defect's label: ancillary, private, reserved bit clear, safe to copy. */
    static final String DEFECT_TYPE = "fbDf";

    private static final int IEND_CHUNK = 12;

    private MaskChunk() {
    }

    /**
     * @param png a PNG file ending in its IEND chunk
     * @param mask one flag per pixel, row-major
     * @param width image width
     * @param height image height
     * @return the PNG with the mask chunk before IEND
     */
    static byte[] embed(byte[] png, boolean[] mask, int width, int height) {
        byte[] flags = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            flags[i] = (byte) (mask[i] ? 1 : 0);
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(flags);
        deflater.finish();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(ByteBuffer.allocate(8).putInt(width).putInt(height).array());
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            data.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return insert(png, TYPE, data.toByteArray());
    }

    /**
     * @param png a PNG file ending in its IEND chunk
     * @param label the part's defect label, e.g. {@code ok} or {@code scratch}
     * @return the PNG with the label chunk before IEND
     */
    static byte[] embedDefect(byte[] png, String label) {
        return insert(png, DEFECT_TYPE, label.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] insert(byte[] png, String chunkType, byte[] payload) {
        byte[] type = chunkType.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + payload.length + 12);
        out.write(png, 0, png.length - IEND_CHUNK);
        out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.writeBytes(type);
        out.writeBytes(payload);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, png.length - IEND_CHUNK, IEND_CHUNK);
        return out.toByteArray();
    }
}
