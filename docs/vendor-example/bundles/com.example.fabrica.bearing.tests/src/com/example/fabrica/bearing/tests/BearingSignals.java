package com.example.fabrica.bearing.tests;

import java.util.Random;

/**
 * Synthetic vibration of a rolling bearing: the structure's resonance (a carrier) excited by impacts.
 * A defect hits once per pass and each hit rings the resonance, which then decays: the carrier is
 * amplitude-modulated at the fault frequency by a train of decaying bursts, whose envelope spectrum has
 * the fault frequency and its harmonics. A healthy bearing excites the resonance evenly. Gaussian noise
 * (seeded, so the tests are repeatable) covers the whole band.
 */
final class BearingSignals {

    /** Samples per second of the synthetic signals. */
    static final double SAMPLE_RATE = 10240;

    /** Samples per window. */
    static final int WINDOW = 8192;

    /** The resonance excited by the impacts, Hz. */
    static final double CARRIER = 3000;

    /** The outer-race defect frequency of the example bearing, Hz. */
    static final double FAULT = 87;

    private BearingSignals() {
    }

    /** How fast the ringing after an impact decays, seconds. */
    static final double DECAY = 0.002;

    /**
     * A window of a damaged bearing: {@code (1 + 2 exp(-s / DECAY)) sin(2 pi CARRIER t)} plus noise, with
     * {@code s} the time since the last impact (one every {@code 1 / FAULT} seconds).
     *
     * @param seed the noise seed
     * @param start the index of the first sample since the machine started (phases continue between windows)
     * @return {@link #WINDOW} samples
     */
    static double[] damaged(long seed, long start) {
        return window(2, seed, start);
    }

    /**
     * A window of a healthy bearing: the same resonance, unmodulated, with the same noise.
     *
     * @param seed the noise seed
     * @param start the index of the first sample
     * @return {@link #WINDOW} samples
     */
    static double[] healthy(long seed, long start) {
        return window(0, seed, start);
    }

    private static double[] window(double impact, long seed, long start) {
        Random noise = new Random(seed);
        double[] x = new double[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            double t = (start + i) / SAMPLE_RATE;
            double sinceImpact = t % (1 / FAULT);
            double envelope = 1 + impact * Math.exp(-sinceImpact / DECAY);
            x[i] = envelope * Math.sin(2 * Math.PI * CARRIER * t) + 0.5 * noise.nextGaussian();
        }
        return x;
    }

    /**
     * @param frequency a frequency, Hz
     * @param maxFrequency the stage's maxFrequency
     * @param bins the stage's bins
     * @return the output bin that covers the frequency
     */
    static int binOf(double frequency, double maxFrequency, int bins) {
        return (int) Math.floor(frequency / (maxFrequency / bins));
    }
}
