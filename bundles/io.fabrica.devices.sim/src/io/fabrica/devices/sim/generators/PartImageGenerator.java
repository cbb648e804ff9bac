package io.fabrica.devices.sim.generators;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Camera images of machined parts for the inspection station: 8-bit grayscale PNGs (like the
 * monochrome line camera of the demo plant) of a turned flange with a centre bore and six bolt
 * holes on a conveyor belt. Parts vary in position, size, brightness, light direction and
 * turning-mark phase; sensor noise is added. A share of parts, the defect rate, carries one
 * defect (scratch, spot or dent, equally likely) on the flat face, and each image comes with its
 * ground truth: the {@link PartDefect} and the box of the pixels the defect visibly changed.
 *
 * <p>Deterministic: an image is a function of the seed and the part number only, so part
 * {@code n} looks the same whichever thread renders it and in whatever order, and
 * {@link #render(long, PartDefect)} can show the same part with and without a defect (the
 * background pixels are identical).
 *
 * <p>Uses only {@link BufferedImage} and {@link ImageIO}, which need no display; it does not read
 * or set {@code java.awt.headless} (setting it would affect the whole workbench process).
 *
 * <p>Thread-safe: {@link #next()} draws part numbers from an atomic counter and every call
 * renders into its own image.
 */
public final class PartImageGenerator {

    /** Largest image width, pixels (the demo camera's). */
    public static final int MAX_WIDTH = 1920;

    /** Largest image height, pixels (the demo camera's). */
    public static final int MAX_HEIGHT = 1080;

    /** Smallest image width or height, pixels: below it a defect would be a pixel or two. */
    public static final int MIN_SIZE = 32;

    /**
     * PNG compression quality handed to the writer. The JDK's PNG writer maps quality q to
     * deflate level {@code 9 - round(9 q)}, so 0.9 is level 1. Sensor noise makes the pixels
     * nearly incompressible anyway: on a 1920 x 1080 part, level 1 encoded in about 45 ms versus
     * 75 ms at the writer's default level 4, and the file came out slightly smaller (1.30 MB versus
     * 1.34 MB; 2.0 MB uncompressed).
     */
    private static final float PNG_QUALITY = 0.9f;

    private static final long APPEARANCE = 0x5DEECE66DL;
    private static final long DEFECT_CHOICE = 0x2545F4914F6CDD1DL;
    private static final long DEFECT_SHAPE = 0x94D049BB133111EBL;
    private static final PartDefect[] DEFECTS = { PartDefect.SCRATCH, PartDefect.SPOT, PartDefect.DENT };

    private final int width;
    private final int height;
    private final double defectRate;
    private final long seed;
    private final PartRenderer renderer;
    private final AtomicLong nextPart = new AtomicLong();

    /**
     * A generator whose first {@link #next()} part is part number 0.
     *
     * @param width image width, {@value #MIN_SIZE}..{@value #MAX_WIDTH} pixels
     * @param height image height, {@value #MIN_SIZE}..{@value #MAX_HEIGHT} pixels
     * @param defectRate probability that a part from {@link #next()} has a defect, 0..1
     * @param seed seed of everything random
     * @throws IllegalArgumentException if a value is out of range
     */
    public PartImageGenerator(int width, int height, double defectRate, long seed) {
        if (width < MIN_SIZE || width > MAX_WIDTH || height < MIN_SIZE || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("image size must be within " + MIN_SIZE + "x" + MIN_SIZE + ".."
                    + MAX_WIDTH + "x" + MAX_HEIGHT + ", got " + width + "x" + height);
        }
        if (!(defectRate >= 0 && defectRate <= 1)) {
            throw new IllegalArgumentException("defect rate must be within 0..1, got " + defectRate);
        }
        this.width = width;
        this.height = height;
        this.defectRate = defectRate;
        this.seed = seed;
        this.renderer = new PartRenderer(width, height);
    }

    /** @return the image width, pixels */
    public int width() {
        return width;
    }

    /** @return the image height, pixels */
    public int height() {
        return height;
    }

    /** @return the probability that a part from {@link #next()} has a defect */
    public double defectRate() {
        return defectRate;
    }

    /** @return how many part numbers {@link #next()} has handed out (the "Parts Inspected" count) */
    public long partsInspected() {
        return nextPart.get();
    }

    /**
     * Images the next part: part number {@link #partsInspected()}, with the defect
     * {@link #defectOf(long)} chooses for it.
     *
     * @return the image and its ground truth
     * @throws UncheckedIOException if PNG encoding fails (not expected in memory)
     */
    public PartImage next() {
        long part = nextPart.getAndIncrement();
        return render(part, defectOf(part));
    }

    /**
     * The defect {@link #next()} gives a part: with probability {@link #defectRate()} one of
     * scratch, spot and dent, equally likely; otherwise {@link PartDefect#OK}.
     *
     * @param partNumber a part number, {@code >= 0}
     * @return the defect
     */
    public PartDefect defectOf(long partNumber) {
        SplittableRandom choice = random(partNumber, DEFECT_CHOICE);
        boolean defective = choice.nextDouble() < defectRate;
        return defective ? DEFECTS[choice.nextInt(DEFECTS.length)] : PartDefect.OK;
    }

    /**
     * Images a given part with a given defect, e.g. to build a class-balanced dataset or to
     * compare a defect with the same part without it. Does not move the {@link #next()} counter.
     *
     * @param partNumber the part, {@code >= 0}; decides position, lighting, noise and the
     *        defect's place and shape
     * @param defect the defect to show, {@link PartDefect#OK} for none
     * @return the image and its ground truth
     * @throws IllegalArgumentException if {@code partNumber} is negative
     * @throws UncheckedIOException if PNG encoding fails (not expected in memory)
     */
    public PartImage render(long partNumber, PartDefect defect) {
        if (partNumber < 0) {
            throw new IllegalArgumentException("part number must be >= 0, got " + partNumber);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        PartRenderer.Part part = renderer.paint(pixels, random(partNumber, APPEARANCE));
        if (defect == PartDefect.OK) {
            return new PartImage(partNumber, MaskChunk.embedDefect(encodePng(image), defect.label()), defect, width, height, null);
        }
        byte[] before = pixels.clone();
        PartImage.Box box = renderer.stamp(pixels, part, defect, random(partNumber, DEFECT_SHAPE));
        byte[] png = MaskChunk.embed(encodePng(image), visibleChange(before, pixels), width, height);
        return new PartImage(partNumber, MaskChunk.embedDefect(png, defect.label()), defect, width, height, box);
    }

    /** The defect's pixel mask: every pixel it changed by at least {@link PartRenderer#VISIBLE_CHANGE} gray levels. */
    private static boolean[] visibleChange(byte[] before, byte[] after) {
        boolean[] mask = new boolean[after.length];
        for (int i = 0; i < after.length; i++) {
            mask[i] = Math.abs((after[i] & 0xFF) - (before[i] & 0xFF)) >= PartRenderer.VISIBLE_CHANGE;
        }
        return mask;
    }

    /** Independent streams per part and purpose, so a defect's shape never shifts the background's noise. */
    private SplittableRandom random(long partNumber, long purpose) {
        return new SplittableRandom(seed ^ (partNumber * 0x9E3779B97F4A7C15L) ^ purpose);
    }

    /**
     * Encodes to PNG in memory. A {@link MemoryCacheImageOutputStream} is used directly because
     * {@code ImageIO.createImageOutputStream} may buffer through a temporary file.
     */
    static byte[] encodePng(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 2);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), compression(writer));
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriteParam compression(ImageWriter writer) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(PNG_QUALITY);
        }
        return param;
    }
}
