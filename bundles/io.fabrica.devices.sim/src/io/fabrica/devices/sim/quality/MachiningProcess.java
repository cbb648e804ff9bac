package io.fabrica.devices.sim.quality;

import java.util.SplittableRandom;

/**
 * The machining cell's process as the quality pipelines see it: the mill finish-bores the bearing seat
 * (40 mm) of each part with a single-insert boring bar, and the inspection station measures the bore's
 * roughness and diameter. Quality depends on the two process parameters (spindle speed, feed rate), on the
 * insert's flank wear, which grows with every part and resets at a tool change, and on the material
 * batch's hardness, which changes from batch to batch; plus measurement and process noise.
 *
 * <p>The relations are the textbook ones of metal cutting, with constants chosen for an aluminium part:
 * <ul>
 * <li>Roughness: the kinematic (feed-mark) roughness of a tool with corner radius r is
 * Ra ≈ f² / (32 r) for a feed f per revolution (e.g. Sandvik Coromant's turning handbook; Shaw, <i>Metal
 * Cutting Principles</i>); flank wear and harder material roughen it further, and at low cutting speed a
 * built-up edge adds a share (which is why speed cannot simply be turned down).</li>
 * <li>Tool wear: Taylor's tool-life relation v·T^n = C with n ≈ 0.4 for coated carbide makes the wear per part
 * grow with the cutting speed to about the power 1/n; feed and hardness add weaker powers. The tool is
 * changed after {@value #TOOL_LIFE_PARTS} parts, as a fixed schedule on a real line would.</li>
 * <li>Diameter: the cutting force follows Kienzle's law F = k·b·h^(1-m) with m ≈ 0.25, so the boring bar
 * deflects by an amount proportional to f^0.75 and to hardness and the bore comes out small; radial wear
 * of the insert makes it smaller still (the controller compensates only the planned share).</li>
 * <li>Cutting current: power = force × cutting speed, so the motor current rises with feed, speed, wear
 * and hardness; it is the line's only sensor that sees the hidden hardness and wear.</li>
 * </ul>
 * None of these relations is known to a model: it learns them from recorded parts.
 *
 * <p>Deterministic for a seed and the sequence of setpoints. Not thread-safe.
 */
public final class MachiningProcess {

    /** Upper specification limit of the bore's roughness Ra, µm (N7, a common bearing-seat finish). */
    public static final double ROUGHNESS_LIMIT_UM = 1.6;

    /** Tolerance of the bore diameter, ± µm around nominal. */
    public static final double DIAMETER_TOLERANCE_UM = 20;

    /** Parts per insert before the scheduled tool change. */
    public static final int TOOL_LIFE_PARTS = 120;

    /** Parts per material batch. */
    public static final int BATCH_PARTS = 45;

    /** Brinell hardness of the nominal material (an aluminium casting alloy), HB. */
    public static final double NOMINAL_HARDNESS_HB = 95;
    private static final double BORE_DIAMETER_MM = 40;
    private static final double BORE_LENGTH_MM = 30;
    private static final double CORNER_RADIUS_MM = 0.4;
    private static final double HANDLING_SECONDS = 1.0;
    private static final double NOMINAL_SPEED_RPM = 12_000;
    private static final double NOMINAL_FEED_PER_REV_MM = 0.1;
    /** Wear per part at nominal speed, feed and hardness: 0.25 mm VB after one tool life. */
    private static final double NOMINAL_WEAR_PER_PART_MM = 0.25 / TOOL_LIFE_PARTS;
    private static final double TAYLOR_SPEED_EXPONENT = 1 / 0.4;
    private static final double WEAR_CRITERION_MM = 0.3;
    /** Below this cutting speed a built-up edge forms on the insert, m/min. */
    private static final double BUILT_UP_EDGE_SPEED = 700;
    private static final double DEFLECTION_AT_NOMINAL_UM = 12;
    private static final double PLANNED_OFFSET_UM = 7;
    private static final double RADIAL_WEAR_UM_PER_MM_VB = 40;

    private final SplittableRandom random;
    private long parts;
    private int sinceToolChange;
    private int batch;
    private double hardness = 1;
    private double certifiedHardness;
    private double lastCuttingCurrent = Double.NaN;
    private double wearMm;

    /** @param seed seed of the disturbances and the noise */
    public MachiningProcess(long seed) {
        this.random = new SplittableRandom(seed);
        newBatch();
    }

    /**
     * Machines the next part at the given setpoints and measures it; then the insert has worn, and the
     * tool or the material batch may change before the next part.
     *
     * @param speedRpm spindle speed setpoint, 1/min, &gt; 0
     * @param feedMmPerMin feed rate, mm/min, &gt; 0
     * @return the part, measured
     * @throws IllegalArgumentException if a setpoint is not a positive finite number
     */
    public MachinedPart machine(double speedRpm, double feedMmPerMin) {
        if (!(speedRpm > 0 && feedMmPerMin > 0) || !Double.isFinite(speedRpm) || !Double.isFinite(feedMmPerMin)) {
            throw new IllegalArgumentException("the cell cannot cut at " + speedRpm + " 1/min and " + feedMmPerMin + " mm/min");
        }
        double feedPerRev = feedMmPerMin / speedRpm;
        double cuttingSpeed = Math.PI * BORE_DIAMETER_MM * speedRpm / 1000;
        double wearBefore = wearMm;
        MachinedPart part = new MachinedPart(++parts, speedRpm, feedMmPerMin, sinceToolChange, batch,
                cuttingCurrent(speedRpm, feedPerRev, cuttingSpeed), HANDLING_SECONDS + 60 * BORE_LENGTH_MM / feedMmPerMin, wearBefore, hardness,
                roughness(feedPerRev, cuttingSpeed), deviation(feedPerRev), false);
        part = withScrap(part);
        lastCuttingCurrent = part.cuttingCurrentA();
        wear(feedPerRev, cuttingSpeed);
        if (parts % BATCH_PARTS == 0) {
            newBatch();
        }
        return part;
    }

    private void newBatch() {
        batch++;
        hardness = Math.clamp(1 + 0.07 * random.nextGaussian(), 0.85, 1.2);
        // the supplier's certificate: a Brinell test of the batch, about 1 % repeatability
        certifiedHardness = NOMINAL_HARDNESS_HB * hardness * (1 + 0.01 * random.nextGaussian());
    }

    /** @return parts the insert has cut before the next part (known to the line before it cuts) */
    public int partsSinceToolChange() {
        return sinceToolChange;
    }

    /** @return the mean cutting current of the part cut last, A; {@code NaN} before the first part */
    public double lastCuttingCurrentA() {
        return lastCuttingCurrent;
    }

    /** @return the material batch of the next part */
    public int batch() {
        return batch;
    }

    /** @return the next part's batch hardness as its material certificate states it, HB */
    public double certifiedHardnessHb() {
        return certifiedHardness;
    }

    /** @return the current flank wear VB of the insert, mm */
    public double toolWearMm() {
        return wearMm;
    }

    /** @return parts machined so far */
    public long parts() {
        return parts;
    }

    private static MachinedPart withScrap(MachinedPart p) {
        boolean scrap = p.roughnessUm() > ROUGHNESS_LIMIT_UM || Math.abs(p.diameterDeviationUm()) > DIAMETER_TOLERANCE_UM;
        return new MachinedPart(p.number(), p.speedRpm(), p.feedMmPerMin(), p.partsSinceToolChange(), p.batch(), p.cuttingCurrentA(),
                p.cycleSeconds(), p.toolWearMm(), p.hardness(), p.roughnessUm(), p.diameterDeviationUm(), scrap);
    }

    private double roughness(double feedPerRev, double cuttingSpeed) {
        double kinematic = 1000 * feedPerRev * feedPerRev / (32 * CORNER_RADIUS_MM);
        double worn = kinematic * (1 + 1.1 * wearMm / WEAR_CRITERION_MM) * Math.pow(hardness, 1.5);
        double builtUpEdge = 0.9 * Math.pow(Math.max(0, 1 - cuttingSpeed / BUILT_UP_EDGE_SPEED), 2);
        return (0.12 + worn + builtUpEdge) * Math.exp(0.05 * random.nextGaussian());
    }

    private double deviation(double feedPerRev) {
        double deflection = DEFLECTION_AT_NOMINAL_UM * hardness * Math.pow(feedPerRev / NOMINAL_FEED_PER_REV_MM, 0.75)
                * (1 + 0.5 * wearMm / WEAR_CRITERION_MM);
        return PLANNED_OFFSET_UM - deflection - RADIAL_WEAR_UM_PER_MM_VB * wearMm + 1.5 * random.nextGaussian();
    }

    private double cuttingCurrent(double speedRpm, double feedPerRev, double cuttingSpeed) {
        double force = hardness * Math.pow(feedPerRev / NOMINAL_FEED_PER_REV_MM, 0.75) * (1 + 0.8 * wearMm / WEAR_CRITERION_MM);
        double idle = 4 + 10 * speedRpm / 24_000;
        return idle + 3.5 * force * cuttingSpeed / (Math.PI * BORE_DIAMETER_MM * NOMINAL_SPEED_RPM / 1000) + 0.1 * random.nextGaussian();
    }

    private void wear(double feedPerRev, double cuttingSpeed) {
        double speedFactor = Math.pow(cuttingSpeed / (Math.PI * BORE_DIAMETER_MM * NOMINAL_SPEED_RPM / 1000), TAYLOR_SPEED_EXPONENT);
        double feedFactor = Math.pow(feedPerRev / NOMINAL_FEED_PER_REV_MM, 0.5);
        wearMm += NOMINAL_WEAR_PER_PART_MM * speedFactor * feedFactor * hardness * hardness * Math.exp(0.1 * random.nextGaussian());
        if (++sinceToolChange >= TOOL_LIFE_PARTS) {
            sinceToolChange = 0;
            wearMm = 0;
        }
    }
}
