package io.fabrica.devices.sim.generators;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Carries a defect's pixel mask inside the part image it belongs to, so that image and ground truth
 * cannot drift apart between the simulator and a recorder (two OPC UA variables could arrive in
 * either order). The mask travels as a private, ancillary PNG chunk {@value #TYPE}: width and height
 * (4 bytes each, big-endian), then one byte per pixel (1 = changed by the defect), zlib-deflated.
 * Decoders ignore unknown ancillary chunks, so the image stays an ordinary PNG for every other client;
 * Fabrica's recorder writes the mask beside the image ({@code images/<signal>/masks/}).
 */
final class MaskChunk {

    /** The chunk type: ancillary (f), private (b), reserved bit clear (M), safe to copy (s). */
    static final String TYPE = "fbMs";

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
        byte[] payload = data.toByteArray();
        byte[] type = TYPE.getBytes(StandardCharsets.US_ASCII);
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
