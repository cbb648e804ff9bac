package io.fabrica.pipeline.engine;

/** Follows a replay (the UI wraps a progress monitor in it; the CLI prints a line now and then). */
public interface ReplayProgress {

    /** Ignores progress and never cancels. */
    ReplayProgress NONE = (done, total) -> {
    };

    /**
     * @param done items replayed so far
     * @param total items in the dataset
     */
    void worked(long done, long total);

    /** @return whether the user asked to stop; the replay then ends with an exception */
    default boolean cancelled() {
        return false;
    }
}
