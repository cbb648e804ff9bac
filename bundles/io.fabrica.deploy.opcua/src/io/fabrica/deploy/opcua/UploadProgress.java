package io.fabrica.deploy.opcua;

/**
 * Follows a package upload to a runtime: called on the uploading thread after every chunk the runtime
 * acknowledged, so keep it quick. Also the way to cancel an upload (the runtime then deletes what it got).
 */
public interface UploadProgress {

    /** Reports nothing and never cancels. */
    UploadProgress NONE = (sent, total) -> {
    };

    /**
     * @param sent the bytes the runtime has (written to its disk)
     * @param total the package size
     */
    void progress(long sent, long total);

    /**
     * The upload continues an earlier one the runtime still had (after a dropped connection).
     *
     * @param offset where it continues
     * @param total the package size
     */
    default void resumed(long offset, long total) {
    }

    /** @return whether to stop: checked before every chunk */
    default boolean cancelled() {
        return false;
    }
}
