package io.fabrica.pipeline.evaluation;

/**
 * A linear map from data values to pixels, with "nice" tick steps (1, 2 or 5 times a power of ten).
 *
 * @param from the data value at {@code fromPixel}
 * @param to the data value at {@code toPixel}, different from {@code from}
 * @param fromPixel the pixel of {@code from}
 * @param toPixel the pixel of {@code to}
 * @param step the distance between ticks, in data units
 */
record Scale(double from, double to, double fromPixel, double toPixel, double step) {

    /**
     * A scale over the data range widened to whole tick steps, so that the axis ends on ticks.
     *
     * @param low the smallest value to show
     * @param high the largest value to show
     * @param ticks about how many ticks are wanted
     */
    static Scale nice(double low, double high, double fromPixel, double toPixel, int ticks) {
        if (!(high > low)) {
            // a flat or missing range still needs an axis around the value
            double centre = Double.isFinite(low) ? low : 0;
            low = centre - 0.5;
            high = centre + 0.5;
        }
        double step = niceStep((high - low) / ticks);
        return new Scale(Math.floor(low / step) * step, Math.ceil(high / step) * step, fromPixel, toPixel, step);
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double residual = rough / magnitude;
        double factor = residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1;
        return factor * magnitude;
    }

    /** @return the pixel of a data value */
    double at(double value) {
        return fromPixel + (value - from) / (to - from) * (toPixel - fromPixel);
    }

    /**
     * The tick values from {@code from} to {@code to}, each a whole multiple of the step: summing steps
     * would drift, and {@code from + i * step} would label zero as 1.4E-17.
     *
     * @return the tick values, ascending
     */
    double[] ticks() {
        long first = Math.round(from / step);
        int count = (int) Math.round((to - from) / step) + 1;
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = (first + i) * step;
        }
        return values;
    }
}
