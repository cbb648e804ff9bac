package io.fabrica.pipeline.djl.tests.anomaly;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Gray photos of a flange (a disc with a bore and six bolt holes) on a dark belt, for tests of part
 * alignment and the variation model: each part lies a few pixels off the centre, turned at random,
 * with its own brightness, a lighting gradient and sensor noise; a defective one has a thin dark
 * scratch on its face, whose mask is known.
 */
final class FlangeImages {

    static final int SIDE = 256;
    private static final double RADIUS = 100;
    private static final double BORE = 22;
    private static final double PITCH = 66;
    private static final double BOLT = 7;

    /** Where a part lies: centre offset and turn. */
    record Pose(double dx, double dy, double angle) {
    }

    private final Random random;

    FlangeImages(long seed) {
        this.random = new Random(seed);
    }

    /** @return a random pose: up to 6 px off the centre in each direction, any turn */
    Pose pose() {
        return new Pose(uniform(-6, 6), uniform(-6, 6), uniform(0, 2 * Math.PI));
    }

    /**
     * @param pose where the part lies
     * @param mask receives the scratch's pixels (white), or {@code null} for a good part
     * @return the image
     */
    BufferedImage paint(Pose pose, BufferedImage mask) {
        double cx = SIDE / 2.0 + pose.dx();
        double cy = SIDE / 2.0 + pose.dy();
        double gain = uniform(0.95, 1.05);
        double light = uniform(0, 2 * Math.PI);
        double[] scratch = mask == null ? null : scratch(cx, cy, pose.angle());
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double v = value(x + 0.5 - cx, y + 0.5 - cy, pose.angle(), gain, light);
                if (scratch != null && v > 100 && distance(x + 0.5, y + 0.5, scratch) < 1.2) {
                    v -= 60;
                    mask.getRaster().setSample(x, y, 0, 255);
                }
                raster.setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v + 2 * random.nextGaussian()))));
            }
        }
        return image;
    }

    private double value(double dx, double dy, double turn, double gain, double light) {
        double r = Math.hypot(dx, dy);
        if (r > RADIUS) {
            return 40;
        }
        if (r < BORE) {
            return 15;
        }
        for (int i = 0; i < 6; i++) {
            double a = turn + i * Math.PI / 3;
            if (Math.hypot(dx - PITCH * Math.cos(a), dy - PITCH * Math.sin(a)) < BOLT) {
                return 15;
            }
        }
        return gain * 150 + 12 * (dx * Math.cos(light) + dy * Math.sin(light)) / RADIUS;
    }

    /** A segment of 30-50 px on the face between the bore and the bolt circle or beyond it. */
    private double[] scratch(double cx, double cy, double turn) {
        double r = random.nextBoolean() ? uniform(32, 50) : uniform(78, 90);
        double at = uniform(0, 2 * Math.PI);
        double x = cx + r * Math.cos(at);
        double y = cy + r * Math.sin(at);
        double length = uniform(30, 50);
        double dir = at + Math.PI / 2 + uniform(-0.3, 0.3);
        double ux = Math.cos(dir) * length / 2;
        double uy = Math.sin(dir) * length / 2;
        return new double[] {x - ux, y - uy, x + ux, y + uy};
    }

    private static double distance(double px, double py, double[] s) {
        double vx = s[2] - s[0];
        double vy = s[3] - s[1];
        double t = Math.max(0, Math.min(1, ((px - s[0]) * vx + (py - s[1]) * vy) / (vx * vx + vy * vy)));
        return Math.hypot(px - s[0] - t * vx, py - s[1] - t * vy);
    }

    /**
     * Writes an image folder in the MVTec AD layout: {@code train/good}, {@code test/good},
     * {@code test/scratch} with {@code ground_truth/scratch/<name>_mask.png}.
     */
    void writeFolder(Path folder, int train, int testGood, int testScratched) throws IOException {
        write(folder.resolve("train/good"), null, train);
        write(folder.resolve("test/good"), null, testGood);
        write(folder.resolve("test/scratch"), folder.resolve("ground_truth/scratch"), testScratched);
    }

    private void write(Path dir, Path masks, int count) throws IOException {
        Files.createDirectories(dir);
        if (masks != null) {
            Files.createDirectories(masks);
        }
        for (int i = 0; i < count; i++) {
            String name = String.format("%03d", i);
            BufferedImage mask = masks == null ? null : new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
            ImageIO.write(paint(pose(), mask), "png", dir.resolve(name + ".png").toFile());
            if (mask != null) {
                ImageIO.write(mask, "png", masks.resolve(name + "_mask.png").toFile());
            }
        }
    }

    private double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
