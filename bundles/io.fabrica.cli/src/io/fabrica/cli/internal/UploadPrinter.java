package io.fabrica.cli.internal;

import java.io.PrintStream;
import java.util.Locale;

import io.fabrica.deploy.opcua.UploadProgress;

/**
 * Prints the progress of one package upload for {@code fabrica deploy}: for packages of at least
 * {@value #LARGE_BYTES} bytes, a line {@code <endpoint>: upload 45.2 of 104.9 MB (43 %), 28.1 MB/s} at most every
 * {@value #EVERY_MS} ms, one when the upload resumes, and the total at the end; small packages print nothing.
 * Lines, not carriage returns, so logs and parallel fleet uploads stay readable.
 */
final class UploadPrinter implements UploadProgress {

    /** Packages below this size upload in a moment: no progress lines. */
    static final long LARGE_BYTES = 8L << 20;
    private static final long EVERY_MS = 2_000;

    private final PrintStream out;
    private final String endpoint;
    private final long started = System.nanoTime();
    private long startOffset;
    private long lastPrint = System.nanoTime();

    UploadPrinter(PrintStream out, String endpoint) {
        this.out = out;
        this.endpoint = endpoint;
    }

    @Override
    public synchronized void progress(long sent, long total) {
        if (total < LARGE_BYTES) {
            return;
        }
        long now = System.nanoTime();
        if (sent == total) {
            out.println(line("uploaded", sent, total, now) + "; verifying and installing");
        } else if ((now - lastPrint) / 1_000_000 >= EVERY_MS) {
            lastPrint = now;
            out.println(line("upload", sent, total, now));
        }
    }

    @Override
    public synchronized void resumed(long offset, long total) {
        startOffset = offset;
        out.printf(Locale.ROOT, "%s: upload resumes at %.1f of %.1f MB (the runtime kept what it had)%n", endpoint, offset / 1e6, total / 1e6);
    }

    private String line(String what, long sent, long total, long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        return String.format(Locale.ROOT, "%s: %s %.1f of %.1f MB (%d %%), %.1f MB/s", endpoint, what, sent / 1e6, total / 1e6,
                total == 0 ? 100 : sent * 100 / total, (sent - startOffset) / 1e6 / seconds);
    }
}
