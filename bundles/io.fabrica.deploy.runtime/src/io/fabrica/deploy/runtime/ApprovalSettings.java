package io.fabrica.deploy.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the runtime treats the parameter writes its pipelines propose (the guard-rails of closed-loop
 * control). Approve and Reject need the engineer user until roles exist (issue 20): then an approver role.
 *
 * @param expiry how long a held value waits for a person before it lapses
 * @param shadow recommend and log only: nothing is written nor held
 * @param minWriteInterval the least source time between two writes of one parameter
 * @param autoApprove bands inside which held values are written without a person (empty: off)
 * @param revertMargin how much worse (a fraction: 0.1 = 10 %) the predicted quality after an approved write may get
 *        before the previous value is written back
 * @param revertObservations how many predictions after the write are averaged for that comparison
 */
public record ApprovalSettings(Duration expiry, boolean shadow, Duration minWriteInterval, List<Band> autoApprove, double revertMargin,
        int revertObservations) {

    /** 10 minutes to approve, writes at most every 5 s, no auto-approve, revert when 10 % worse over 5 predictions. */
    public static final ApprovalSettings DEFAULTS = new ApprovalSettings(Duration.ofMinutes(10), false, Duration.ofSeconds(5), List.of(), 0.10, 5);

    /** Checks the values; copies the bands. */
    public ApprovalSettings {
        if (expiry == null || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("the approval expiry must be longer than 0, got " + expiry);
        }
        if (minWriteInterval == null || minWriteInterval.isNegative()) {
            throw new IllegalArgumentException("the minimum interval between writes must be 0 or more, got " + minWriteInterval);
        }
        if (!(revertMargin >= 0) || revertObservations < 1) {
            throw new IllegalArgumentException("the revert margin must be 0 or more and the observations at least 1, got " + revertMargin + " and "
                    + revertObservations);
        }
        autoApprove = List.copyOf(autoApprove);
    }

    /**
     * @param bands the auto-approve bands
     * @return these settings with them
     */
    public ApprovalSettings withAutoApprove(List<Band> bands) {
        return new ApprovalSettings(expiry, shadow, minWriteInterval, bands, revertMargin, revertObservations);
    }

    /**
     * @param on shadow mode
     * @return these settings with it
     */
    public ApprovalSettings withShadow(boolean on) {
        return new ApprovalSettings(expiry, on, minWriteInterval, autoApprove, revertMargin, revertObservations);
    }

    /**
     * @param after another expiry
     * @return these settings with it
     */
    public ApprovalSettings withExpiry(Duration after) {
        return new ApprovalSettings(after, shadow, minWriteInterval, autoApprove, revertMargin, revertObservations);
    }

    /**
     * @param interval another minimum interval between writes of one parameter
     * @return these settings with it
     */
    public ApprovalSettings withMinWriteInterval(Duration interval) {
        return new ApprovalSettings(expiry, shadow, interval, autoApprove, revertMargin, revertObservations);
    }

    /**
     * @param margin another revert margin (fraction)
     * @param observations another number of predictions to average
     * @return these settings with them
     */
    public ApprovalSettings withRevert(double margin, int observations) {
        return new ApprovalSettings(expiry, shadow, minWriteInterval, autoApprove, margin, observations);
    }

    /**
     * Values of one parameter that are written without a person's approval. It must lie inside the
     * parameter's safe bounds: a deployment writing that parameter is refused at its start otherwise.
     *
     * @param parameter the process parameter's name (e.g. {@code Feed Rate}) or element path
     * @param low the lowest value written without approval
     * @param high the highest
     */
    public record Band(String parameter, double low, double high) {

        /** Checks the band. */
        public Band {
            if (parameter == null || parameter.isBlank() || !Double.isFinite(low) || !Double.isFinite(high) || low > high) {
                throw new IllegalArgumentException("an auto-approve band needs a parameter and low <= high, got " + parameter + "=" + low + ".." + high);
            }
        }

        /**
         * @param text {@code <parameter name>=<low>..<high>}, e.g. {@code Feed Rate=800..1200}
         * @return the band
         * @throws IllegalArgumentException naming what is wrong
         */
        public static Band parse(String text) {
            int eq = text.lastIndexOf('=');
            int dots = text.indexOf("..", Math.max(eq, 0));
            if (eq <= 0 || dots < 0) {
                throw new IllegalArgumentException("--auto-approve takes \"<parameter name>=<low>..<high>\", got '" + text + "'");
            }
            try {
                return new Band(text.substring(0, eq).trim(), Double.parseDouble(text.substring(eq + 1, dots).trim()),
                        Double.parseDouble(text.substring(dots + 2).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--auto-approve '" + text + "': the band's ends must be numbers", e);
            }
        }

        /**
         * @param name a process parameter's name
         * @param path its element path
         * @return whether this band is that parameter's
         */
        public boolean names(String name, String path) {
            return parameter.equals(name) || parameter.equals(path);
        }

        /**
         * @param value a proposed value
         * @return whether it lies in the band
         */
        public boolean contains(double value) {
            return value >= low && value <= high;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s=%s..%s", parameter, low, high);
        }
    }
}
