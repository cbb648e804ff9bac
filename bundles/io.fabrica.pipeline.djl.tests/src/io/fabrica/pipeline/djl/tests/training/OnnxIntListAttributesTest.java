package io.fabrica.pipeline.djl.tests.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * {@link OnnxGraphBuilder}'s int-list attributes (ONNX INTS), needed by the CNN export: ONNX
 * Runtime reads them with their meaning, and attribute order never changes the bytes.
 */
class OnnxIntListAttributesTest {

    /** A 4x4 image with values 0..15, row-major. */
    private static final float[] IMAGE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @TempDir
    Path dir;

    @Test
    void convWithPadsAndMaxPoolWithStridesComputeHandValues() throws Exception {
        float[] ones = new float[9];
        Arrays.fill(ones, 1f);
        new OnnxGraphBuilder("ints")
                .input("x", -1, 1, 4, 4)
                .initializer("w", ones, 1, 1, 3, 3)
                .initializer("b", new float[] {0.5f}, 1)
                .node("Conv", List.of("x", "w", "b"), List.of("c"),
                        Map.of("kernel_shape", new int[] {3, 3}, "pads", new long[] {1, 1, 1, 1}))
                .node("MaxPool", List.of("c"), List.of("y"),
                        Map.of("kernel_shape", new long[] {2, 2}, "strides", new int[] {2, 2}))
                .output("y", -1, 1, 2, 2)
                .write(dir.resolve("ints.onnx"));

        float[][] out = OnnxFile.run(dir.resolve("ints.onnx"), new float[][] {IMAGE}, new int[] {1, 4, 4});

        assertArrayEquals(maxPool(boxSum(IMAGE)), out[0], 1e-5f);
    }

    @Test
    void attributeOrderDoesNotChangeTheBytes() {
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("kernel_shape", new long[] {2, 2});
        forward.put("strides", new long[] {2, 2});
        Map<String, Object> backward = new LinkedHashMap<>();
        backward.put("strides", new long[] {2, 2});
        backward.put("kernel_shape", new long[] {2, 2});

        assertArrayEquals(pool(forward), pool(backward));
    }

    @Test
    void unsupportedAttributeTypesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OnnxGraphBuilder("bad")
                .node("Relu", List.of("x"), List.of("y"), Map.of("mode", Boolean.TRUE)));
    }

    private static byte[] pool(Map<String, Object> attributes) {
        return new OnnxGraphBuilder("pool").input("x", -1, 1, 4, 4)
                .node("MaxPool", List.of("x"), List.of("y"), attributes)
                .output("y", -1, 1, 2, 2).toBytes();
    }

    /** 3x3 sum over a zero-padded 4x4 image, plus the bias 0.5. */
    private static float[] boxSum(float[] image) {
        float[] sums = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                float sum = 0.5f;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        sum += yy >= 0 && yy < 4 && xx >= 0 && xx < 4 ? image[yy * 4 + xx] : 0;
                    }
                }
                sums[y * 4 + x] = sum;
            }
        }
        return sums;
    }

    private static float[] maxPool(float[] image) {
        float[] pooled = new float[4];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                pooled[y * 2 + x] = Math.max(Math.max(image[2 * y * 4 + 2 * x], image[2 * y * 4 + 2 * x + 1]),
                        Math.max(image[(2 * y + 1) * 4 + 2 * x], image[(2 * y + 1) * 4 + 2 * x + 1]));
            }
        }
        return pooled;
    }
}
