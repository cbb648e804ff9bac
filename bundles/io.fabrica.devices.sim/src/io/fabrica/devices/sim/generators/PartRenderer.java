package io.fabrica.devices.sim.generators;

import java.util.SplittableRandom;

/**
 * Paints a machined flange (a turned disc with a centre bore and a bolt circle) on a conveyor
 * belt into an 8-bit grayscale pixel array, and stamps defects onto it. Works on the raw array
 * rather than through Graphics2D: one pass over two million pixels with a handful of arithmetic
 * operations each, and exact knowledge of which pixels a defect changed.
 *
 * <p>Stateless apart from the image size; thread-safe.
 */
final class PartRenderer {

    private static final double BELT = 42;
    private static final double BELT_SLOPE = 14;
    private static final double HOLE = 14;
    private static final double FACE = 150;
    private static final double FACE_SLOPE = 25;
    private static final double SPECULAR = 26;
    private static final double CHAMFER = 205;
    private static final double GROOVE = 5;
    private static final int GROOVE_STEPS = 4;
    /** Two summed bytes have a standard deviation of about 104; this gives sensor noise of 2.5 levels. */
    private static final double NOISE_SCALE = 2.5 / 104;
    private static final int PLACEMENT_ATTEMPTS = 16;
    /**
     * Change, in gray levels, from which a pixel counts as part of the defect's box: defects fade
     * out smoothly, and a box around their sub-noise tails would be far larger than what is seen.
     */
    static final int VISIBLE_CHANGE = 4;

    private final int width;
    private final int height;
    private final double size;

    PartRenderer(int width, int height) {
        this.width = width;
        this.height = height;
        this.size = Math.min(width, height);
    }

    /**
     * Paints a defect-free part. Everything random comes from {@code appearance}, so the same
     * stream paints the same pixels.
     */
    Part paint(byte[] pixels, SplittableRandom appearance) {
        Part part = Part.random(width, height, size, appearance);
        double[] groove = grooveTable(part, appearance.nextDouble());
        long noise = appearance.nextLong() | 1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                noise = xorshift(noise);
                double sensor = ((noise & 0xFF) + ((noise >>> 8) & 0xFF) - 255) * NOISE_SCALE;
                pixels[row + x] = toByte(part.value(x + 0.5, y + 0.5, groove) + sensor);
            }
        }
        return part;
    }

    /**
     * Stamps a defect on the part's material and returns the box of the pixels it changed by at
     * least {@value #VISIBLE_CHANGE} gray levels.
     *
     * @throws IllegalStateException if no placement changed a pixel (not seen for images of at
     *         least 32 × 32)
     */
    PartImage.Box stamp(byte[] pixels, Part part, PartDefect defect, SplittableRandom shape) {
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
            double[] centre = placeOnFace(part, shape);
            PartImage.Box box = switch (defect) {
                case SCRATCH -> scratch(pixels, part, centre, shape);
                case SPOT -> spot(pixels, part, centre, shape);
                case DENT -> dent(pixels, part, centre, shape);
                case OK -> throw new IllegalArgumentException("OK is not a defect");
            };
            if (box != null) {
                return box;
            }
        }
        throw new IllegalStateException("could not place a " + defect.label() + " on a " + width + "x" + height + " image");
    }

    private PartImage.Box scratch(byte[] pixels, Part part, double[] c, SplittableRandom shape) {
        double length = part.radius * uniform(shape, 0.12, 0.3);
        double angle = shape.nextDouble() * Math.PI;
        double ux = Math.cos(angle) * length / 2;
        double uy = Math.sin(angle) * length / 2;
        double halfWidth = Math.max(0.8, size / 900);
        double amplitude = sign(shape, 0.6) * uniform(shape, 55, 90);
        Stamp stamp = (x, y, old) -> old + amplitude * gauss(segmentDistance(x - c[0], y - c[1], ux, uy) / halfWidth);
        double reach = Math.abs(ux) + 3 * halfWidth + 1;
        double reachY = Math.abs(uy) + 3 * halfWidth + 1;
        return apply(pixels, part, stamp, c[0] - reach, c[1] - reachY, c[0] + reach, c[1] + reachY);
    }

    private PartImage.Box spot(byte[] pixels, Part part, double[] c, SplittableRandom shape) {
        double a = Math.max(1.5, size * uniform(shape, 0.008, 0.02));
        double b = a * uniform(shape, 0.6, 1);
        double angle = shape.nextDouble() * Math.PI;
        double target = shape.nextDouble() < 0.7 ? uniform(shape, 10, 40) : uniform(shape, 225, 250);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Stamp stamp = (x, y, old) -> {
            double u = ((x - c[0]) * cos + (y - c[1]) * sin) / a;
            double v = (-(x - c[0]) * sin + (y - c[1]) * cos) / b;
            return old + (target - old) * 0.92 * Math.exp(-2 * (u * u + v * v));
        };
        double reach = 2 * a + 1;
        return apply(pixels, part, stamp, c[0] - reach, c[1] - reach, c[0] + reach, c[1] + reach);
    }

    private PartImage.Box dent(byte[] pixels, Part part, double[] c, SplittableRandom shape) {
        double a = Math.max(3, size * uniform(shape, 0.02, 0.045));
        double b = a * uniform(shape, 0.5, 0.9);
        double angle = shape.nextDouble() * Math.PI;
        double amplitude = uniform(shape, 40, 70);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Stamp stamp = (x, y, old) -> {
            double u = ((x - c[0]) * cos + (y - c[1]) * sin) / a;
            double v = (-(x - c[0]) * sin + (y - c[1]) * cos) / b;
            double rho = Math.sqrt(u * u + v * v);
            // slope of a bowl along the light direction: the far wall faces the light
            double facing = ((x - c[0]) * part.lightX + (y - c[1]) * part.lightY) / a;
            return old + amplitude * dentShading(rho, facing);
        };
        double reach = 1.4 * a + 1;
        return apply(pixels, part, stamp, c[0] - reach, c[1] - reach, c[0] + reach, c[1] + reach);
    }

    /** Inside the dent the wall slope shades; just outside, the raised lip slopes the other way. */
    private static double dentShading(double rho, double facing) {
        if (rho < 1) {
            return facing;
        }
        return -0.6 * facing / rho * gauss((rho - 1) / 0.1);
    }

    /**
     * Applies a stamp to the pixels of a rectangle, weighted by how much of each pixel is part
     * material (defects do not float over holes or the belt), and returns the box of the pixels
     * that changed visibly, or {@code null} if none did.
     */
    private PartImage.Box apply(byte[] pixels, Part part, Stamp stamp, double left, double top, double right,
            double bottom) {
        int x0 = Math.max(0, (int) Math.floor(left));
        int y0 = Math.max(0, (int) Math.floor(top));
        int x1 = Math.min(width - 1, (int) Math.ceil(right));
        int y1 = Math.min(height - 1, (int) Math.ceil(bottom));
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int i = y * width + x;
                int old = pixels[i] & 0xFF;
                double cover = part.coverage(x + 0.5, y + 0.5);
                byte now = toByte(old + (stamp.paint(x + 0.5, y + 0.5, old) - old) * cover);
                pixels[i] = now;
                if (Math.abs((now & 0xFF) - old) >= VISIBLE_CHANGE) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new PartImage.Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** A point on the flat face, clear of the chamfers and the bolt holes. */
    private static double[] placeOnFace(Part part, SplittableRandom shape) {
        double[] centre = new double[2];
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
            double r = part.radius * uniform(shape, 0.37, 0.88);
            double angle = shape.nextDouble() * 2 * Math.PI;
            centre[0] = part.cx + r * Math.cos(angle);
            centre[1] = part.cy + r * Math.sin(angle);
            if (part.clearOfHoles(centre[0], centre[1])) {
                break;
            }
        }
        return centre;
    }

    /** Turning marks: concentric grooves, tabulated by radius since sin per pixel is the costliest term. */
    private double[] grooveTable(Part part, double phase) {
        double period = Math.max(2.2, size / 300);
        double[] table = new double[(int) ((part.radius + 2) * GROOVE_STEPS) + 1];
        for (int i = 0; i < table.length; i++) {
            table[i] = GROOVE * Math.sin(2 * Math.PI * (i / (double) GROOVE_STEPS / period + phase));
        }
        return table;
    }

    private static long xorshift(long state) {
        state ^= state << 13;
        state ^= state >>> 7;
        return state ^ (state << 17);
    }

    private static double segmentDistance(double px, double py, double ux, double uy) {
        // segment from -u to +u; project the point onto it and clamp to the ends
        double t = Math.max(-1, Math.min(1, (px * ux + py * uy) / (ux * ux + uy * uy)));
        return Math.hypot(px - t * ux, py - t * uy);
    }

    private static double gauss(double x) {
        return Math.exp(-x * x);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static double sign(SplittableRandom random, double positiveShare) {
        return random.nextDouble() < positiveShare ? 1 : -1;
    }

    /** Rounds and clamps to 0..255; clamping first lets a cast do the rounding (Math.round is slower). */
    static byte toByte(double value) {
        return (byte) (int) (Math.max(0, Math.min(255, value)) + 0.5);
    }

    /** A defect's appearance: the new value of a pixel given its position and current value. */
    @FunctionalInterface
    private interface Stamp {
        double paint(double x, double y, double old);
    }

    /** Where the part lies and how it is lit; drawn at random per part. */
    static final class Part {

        final double cx;
        final double cy;
        final double radius;
        final double lightX;
        final double lightY;
        private final double size;
        private final double bore;
        private final double chamfer;
        private final double boltPitch;
        private final double boltRadius;
        private final double[] boltX = new double[6];
        private final double[] boltY = new double[6];
        private final double gain;
        private final double cos2;
        private final double sin2;
        private final double gradX;
        private final double gradY;

        private Part(double cx, double cy, double size, SplittableRandom random) {
            this.cx = cx;
            this.cy = cy;
            this.size = size;
            this.radius = 0.4 * size * uniform(random, 0.99, 1.01);
            this.bore = 0.22 * radius;
            this.chamfer = Math.max(1, 0.02 * radius);
            this.boltPitch = 0.66 * radius;
            this.boltRadius = 0.05 * radius;
            double boltAngle = random.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < boltX.length; i++) {
                boltX[i] = boltPitch * Math.cos(boltAngle + i * Math.PI / 3);
                boltY[i] = boltPitch * Math.sin(boltAngle + i * Math.PI / 3);
            }
            this.gain = uniform(random, 0.94, 1.06);
            double light = random.nextDouble() * 2 * Math.PI;
            this.lightX = Math.cos(light);
            this.lightY = Math.sin(light);
            this.cos2 = Math.cos(2 * light);
            this.sin2 = Math.sin(2 * light);
            double gradient = random.nextDouble() * 2 * Math.PI;
            this.gradX = Math.cos(gradient);
            this.gradY = Math.sin(gradient);
        }

        static Part random(int width, int height, double size, SplittableRandom random) {
            double cx = width / 2.0 + 0.03 * size * uniform(random, -1, 1);
            double cy = height / 2.0 + 0.03 * size * uniform(random, -1, 1);
            return new Part(cx, cy, size, random);
        }

        /** The gray value at a point before sensor noise. */
        double value(double x, double y, double[] groove) {
            double dx = x - cx;
            double dy = y - cy;
            double r2 = dx * dx + dy * dy;
            double belt = BELT + BELT_SLOPE * gradient(dx, dy);
            if (r2 >= (radius + 1) * (radius + 1)) {
                return belt;
            }
            double r = Math.sqrt(r2);
            double solid = solid(dx, dy, r);
            double inner = surface(dx, dy, r, r2, groove) * solid + HOLE * (1 - solid);
            return belt + (inner - belt) * clamp01(radius - r + 0.5);
        }

        /** How much of the pixel at a point is part material, 0..1 (antialiased edges). */
        double coverage(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            double r = Math.sqrt(dx * dx + dy * dy);
            return clamp01(radius - r + 0.5) * solid(dx, dy, r);
        }

        boolean clearOfHoles(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            for (int i = 0; i < boltX.length; i++) {
                if (Math.hypot(dx - boltX[i], dy - boltY[i]) < 2.5 * boltRadius + 2) {
                    return false;
                }
            }
            return true;
        }

        private double solid(double dx, double dy, double r) {
            double solid = clamp01(r - bore + 0.5);
            if (Math.abs(r - boltPitch) > boltRadius + 1) {
                return solid;
            }
            for (int i = 0; i < boltX.length; i++) {
                solid *= clamp01(Math.hypot(dx - boltX[i], dy - boltY[i]) - boltRadius + 0.5);
            }
            return solid;
        }

        /**
         * A turned face reflects a directional light as a bow tie (brightness varies with twice
         * the angle between the light and the radius), which cos 2θ gives without atan2.
         */
        private double surface(double dx, double dy, double r, double r2, double[] groove) {
            if (r > radius - chamfer || r < bore + chamfer) {
                return CHAMFER * gain;
            }
            double specular = ((dx * dx - dy * dy) * cos2 + 2 * dx * dy * sin2) / r2;
            return gain * (FACE + FACE_SLOPE * gradient(dx, dy)) + SPECULAR * specular
                    + groove[(int) (r * GROOVE_STEPS)];
        }

        private double gradient(double dx, double dy) {
            return (dx * gradX + dy * gradY) / size;
        }

        private static double clamp01(double value) {
            return Math.max(0, Math.min(1, value));
        }
    }
}
