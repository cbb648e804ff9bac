package io.fabrica.deploy.runtime.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import io.fabrica.pipeline.engine.LatencyHistogram;

/**
 * The garbage collector's pauses in this process, from the JVM's GC notifications: how many, their total
 * and their distribution (a {@link LatencyHistogram}, so that a benchmark can leave out its warm-up).
 * Collectors that report concurrent cycles next to their pauses (ZGC's and Shenandoah's "… Cycles" beans)
 * are left out: a concurrent cycle does not stop the pipeline thread. The JVM reports durations in whole
 * milliseconds, so a pause under 1 ms counts as 0.
 */
public final class GcPauses implements AutoCloseable {

    private static final String NOTIFICATION = "com.sun.management.gc.notification";

    private final LatencyHistogram pauses = new LatencyHistogram();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::notified;
    private final Runnable changed;

    /**
     * Listens to every collector of this JVM.
     *
     * @param changed called (on the JVM's notification thread) after each pause was counted
     */
    public GcPauses(Runnable changed) {
        this.changed = changed;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && !gc.getName().contains("Cycles")) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void notified(Notification n, Object handback) {
        if (!NOTIFICATION.equals(n.getType()) || !(n.getUserData() instanceof CompositeData data)
                || !(data.get("gcInfo") instanceof CompositeData info) || !(info.get("duration") instanceof Long millis)) {
            return;
        }
        synchronized (this) {
            pauses.record(millis * 1_000_000L);
            count.incrementAndGet();
            totalMillis.addAndGet(millis);
        }
        changed.run();
    }

    /** @return pauses so far */
    public long count() {
        return count.get();
    }

    /** @return their total duration in milliseconds */
    public long totalMillis() {
        return totalMillis.get();
    }

    /** @return their distribution (microsecond buckets; counts only grow) */
    public synchronized long[] histogram() {
        return pauses.snapshot();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException gone) {
                // already removed: nothing to release
            }
        }
        emitters.clear();
    }
}
