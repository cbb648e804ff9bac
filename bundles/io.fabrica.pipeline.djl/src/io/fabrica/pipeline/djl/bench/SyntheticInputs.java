package io.fabrica.pipeline.djl.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Camera frames and vibration windows made up in code, so the benchmark needs no recorded data.
 * A few variants are made and cycled: the pipeline sees changing input as on a line, and making
 * them does not count towards the measured time.
 */
final class SyntheticInputs {

    static final int FRAME_WIDTH = 1920;
    static final int FRAME_HEIGHT = 1080;

    private SyntheticInputs() {
    }

    /** Grey parts (discs) on a dark belt, each with a dark scratch at a different angle. */
    static BufferedImage[] frames(int count) {
        BufferedImage[] frames = new BufferedImage[count];
        for (int i = 0; i < count; i++) {
            frames[i] = frame(Math.PI * i / count);
        }
        return frames;
    }

    private static BufferedImage frame(double scratchAngle) {
        BufferedImage image = new BufferedImage(FRAME_WIDTH, FRAME_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(35, 38, 40));
            g.fillRect(0, 0, FRAME_WIDTH, FRAME_HEIGHT);
            int cx = FRAME_WIDTH / 2;
            int cy = FRAME_HEIGHT / 2;
            int radius = 420;
            g.setColor(new Color(168, 170, 172));
            g.fillOval(cx - radius, cy - radius, 2 * radius, 2 * radius);
            g.setColor(new Color(60, 58, 55));
            g.setStroke(new BasicStroke(7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            int dx = (int) (Math.cos(scratchAngle) * radius * 0.6);
            int dy = (int) (Math.sin(scratchAngle) * radius * 0.6);
            g.drawLine(cx - dx, cy - dy, cx + dx, cy + dy);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Spindle vibration in m/s2: a 160 Hz rotation tone with harmonics, broadband noise, and in
     * every fourth window bearing impacts (short decaying bursts), as a worn bearing shows.
     */
    static double[][] windows(int count, int length, double sampleRate) {
        Random random = new Random(1024);
        double[][] windows = new double[count][length];
        for (int w = 0; w < count; w++) {
            double phase = random.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < length; i++) {
                double t = i / sampleRate;
                windows[w][i] = 4 * Math.sin(2 * Math.PI * 160 * t + phase) + 1.5 * Math.sin(2 * Math.PI * 320 * t)
                        + 0.8 * random.nextGaussian();
            }
            if (w % 4 == 3) {
                addImpacts(windows[w], random, sampleRate);
            }
        }
        return windows;
    }

    private static void addImpacts(double[] window, Random random, double sampleRate) {
        for (int start = random.nextInt(100); start < window.length; start += 110) {
            for (int i = 0; i < 40 && start + i < window.length; i++) {
                window[start + i] += 25 * Math.exp(-i / 6.0) * Math.sin(2 * Math.PI * 3_000 * i / sampleRate);
            }
        }
    }
}
