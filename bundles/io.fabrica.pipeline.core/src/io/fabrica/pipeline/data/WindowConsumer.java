package io.fabrica.pipeline.data;

import java.io.IOException;

/** Receives the windows of a {@link WindowSeries} one at a time. */
@FunctionalInterface
public interface WindowConsumer {

    /**
     * Receives one window.
     *
     * @param samples the samples of the window; the same array for every call, overwritten by the
     *        next window: copy it to keep it
     * @param timeMillis the source time of the window, in milliseconds since the epoch (UTC)
     * @param label the ground-truth label when the window was received, empty if unlabelled
     * @throws IOException to stop the iteration; it is passed on to the caller
     */
    void accept(double[] samples, long timeMillis, String label) throws IOException;
}
