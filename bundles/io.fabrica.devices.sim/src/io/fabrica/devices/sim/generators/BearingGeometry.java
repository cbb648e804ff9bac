package io.fabrica.devices.sim.generators;

/**
 * Geometry of a rolling-element bearing, from which its characteristic defect frequencies follow
 * (kinematic formulas assuming rolling without slip):
 * <pre>
 * BPFO = n/2 · fr · (1 − d/D · cos φ)     ball pass frequency, outer race
 * BPFI = n/2 · fr · (1 + d/D · cos φ)     ball pass frequency, inner race
 * </pre>
 * with n balls, ball diameter d, pitch diameter D, contact angle φ and shaft frequency fr.
 *
 * <p>Immutable and thread-safe.
 *
 * @param balls number of rolling elements, {@code >= 3}
 * @param ballDiameterMm ball diameter d, mm, {@code > 0}
 * @param pitchDiameterMm pitch diameter D, mm, {@code > d}
 * @param contactAngleDegrees contact angle φ, degrees, 0..45
 */
public record BearingGeometry(int balls, double ballDiameterMm, double pitchDiameterMm, double contactAngleDegrees) {

    /**
     * Validates the geometry.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public BearingGeometry {
        if (balls < 3) {
            throw new IllegalArgumentException("a bearing needs at least 3 balls, got " + balls);
        }
        if (!(ballDiameterMm > 0 && pitchDiameterMm > ballDiameterMm && pitchDiameterMm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("need 0 < ball diameter < pitch diameter, got d=" + ballDiameterMm
                    + " mm, D=" + pitchDiameterMm + " mm");
        }
        if (!(contactAngleDegrees >= 0 && contactAngleDegrees <= 45)) {
            throw new IllegalArgumentException("contact angle must be within 0..45 degrees, got " + contactAngleDegrees);
        }
    }

    /**
     * The front bearing of the demo's HS-24 motor spindle: an angular-contact spindle bearing with
     * 14 balls of 7.144 mm on a 54 mm pitch circle at 15°. Its BPFO ≈ 6.10 × and BPFI ≈ 7.89 ×
     * shaft speed are not integer multiples, so they never hide under shaft harmonics.
     *
     * @return the geometry
     */
    public static BearingGeometry spindleFrontBearing() {
        return new BearingGeometry(14, 7.144, 54.0, 15.0);
    }

    /**
     * The rate at which balls roll over a defect on the (stationary) outer race.
     *
     * @param shaftHz shaft rotation frequency fr = rpm / 60, Hz
     * @return the outer-race ball pass frequency, Hz
     */
    public double bpfoHz(double shaftHz) {
        return balls / 2.0 * shaftHz * (1 - ratio());
    }

    /**
     * The rate at which balls roll over a defect on the (rotating) inner race.
     *
     * @param shaftHz shaft rotation frequency fr = rpm / 60, Hz
     * @return the inner-race ball pass frequency, Hz
     */
    public double bpfiHz(double shaftHz) {
        return balls / 2.0 * shaftHz * (1 + ratio());
    }

    private double ratio() {
        return ballDiameterMm / pitchDiameterMm * Math.cos(Math.toRadians(contactAngleDegrees));
    }
}
