package io.fabrica.pipeline.djl.onnx;

import java.nio.charset.StandardCharsets;

/**
 * Minimal protocol-buffers decoder, the counterpart of {@link ProtoWriter}: walks the fields of one
 * message without a schema and without copying, so that Fabrica can read and edit ONNX files (a
 * pretrained network cut at an intermediate layer) without a generated protobuf library.
 */
final class ProtoReader {

    /**
     * One field of a message.
     *
     * @param number the field number
     * @param wireType 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
     * @param value the value of a varint field
     * @param start where the field begins in the buffer (its tag)
     * @param payloadStart where a length-delimited payload begins
     * @param end where the field ends
     */
    record Field(int number, int wireType, long value, int start, int payloadStart, int end) {

        boolean isMessage() {
            return wireType == LENGTH_DELIMITED;
        }
    }

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buffer;
    private final int end;
    private int position;

    /**
     * @param buffer the encoded bytes
     * @param start where the message begins
     * @param end where it ends
     */
    ProtoReader(byte[] buffer, int start, int end) {
        this.buffer = buffer;
        this.position = start;
        this.end = end;
    }

    /** @return a reader of the payload of a length-delimited field of this buffer */
    ProtoReader nested(Field field) {
        return new ProtoReader(buffer, field.payloadStart(), field.end());
    }

    boolean hasNext() {
        return position < end;
    }

    /**
     * @return the next field
     * @throws IllegalArgumentException if the bytes are not a valid encoding (a truncated file)
     */
    Field next() {
        int start = position;
        long tag = varint();
        int number = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        switch (wireType) {
            case VARINT -> {
                long value = varint();
                return new Field(number, wireType, value, start, position, position);
            }
            case FIXED64 -> skip(8);
            case FIXED32 -> skip(4);
            case LENGTH_DELIMITED -> {
                long length = varint();
                if (length < 0 || length > end - position) {
                    throw new IllegalArgumentException("a field of " + length + " bytes at offset " + start + " runs past the end");
                }
                int payload = position;
                position += (int) length;
                return new Field(number, wireType, 0, start, payload, position);
            }
            default -> throw new IllegalArgumentException("unknown protobuf wire type " + wireType + " at offset " + start);
        }
        return new Field(number, wireType, 0, start, start, position);
    }

    /** @return the payload of a length-delimited field as UTF-8 text */
    String string(Field field) {
        return new String(buffer, field.payloadStart(), field.end() - field.payloadStart(), StandardCharsets.UTF_8);
    }

    /** @return the field's whole encoding (tag included), to copy it unchanged */
    byte[] raw(Field field) {
        byte[] copy = new byte[field.end() - field.start()];
        System.arraycopy(buffer, field.start(), copy, 0, copy.length);
        return copy;
    }

    private void skip(int bytes) {
        if (bytes > end - position) {
            throw new IllegalArgumentException("a fixed-size field at offset " + position + " runs past the end");
        }
        position += bytes;
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new IllegalArgumentException("a varint at offset " + position + " runs past the end");
            }
            int b = buffer[position++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint at offset " + position + " is longer than 10 bytes");
    }
}
