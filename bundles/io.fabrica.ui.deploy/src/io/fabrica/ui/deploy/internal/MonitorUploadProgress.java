package io.fabrica.ui.deploy.internal;

import java.util.Locale;

import org.eclipse.core.runtime.SubMonitor;

import io.fabrica.deploy.opcua.UploadProgress;

/**
 * Shows a package upload in a job's progress monitor: the bar advances by the kilobytes the runtime
 * acknowledged, the sub-task names the megabytes, percentage and rate, and cancelling the job cancels the
 * upload (the runtime deletes what it got). Called on the job's thread.
 */
final class MonitorUploadProgress implements UploadProgress {

    private final SubMonitor monitor;
    private final String name;
    private final long started = System.nanoTime();
    private long reportedKb;
    private long startOffset;

    /**
     * @param monitor a monitor with {@link #work(long)} units of work left
     * @param name the package, for the sub-task
     */
    MonitorUploadProgress(SubMonitor monitor, String name) {
        this.monitor = monitor;
        this.name = name;
    }

    /** @return the units of work an upload of that many bytes reports (one per KB) */
    static int work(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes / 1024 + 1);
    }

    @Override
    public void progress(long sent, long total) {
        long kb = sent / 1024;
        if (kb > reportedKb) {
            monitor.worked((int) (kb - reportedKb));
            reportedKb = kb;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        monitor.subTask(String.format(Locale.ROOT, sent == total ? "Uploaded %s: %.1f of %.1f MB (%d %%), %.1f MB/s; the runtime installs it"
                : "Uploading %s: %.1f of %.1f MB (%d %%), %.1f MB/s", name, sent / 1e6, total / 1e6, total == 0 ? 100 : sent * 100 / total,
                (sent - startOffset) / 1e6 / seconds));
    }

    @Override
    public void resumed(long offset, long total) {
        startOffset = offset;
        progress(offset, total);
    }

    @Override
    public boolean cancelled() {
        return monitor.isCanceled();
    }
}
