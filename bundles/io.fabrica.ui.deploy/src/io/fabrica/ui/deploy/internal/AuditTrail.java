package io.fabrica.ui.deploy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The actions done from this workbench session on runtimes, newest first. Kept in memory: the runtime
 * keeps the authoritative audit log of every attempt on its side.
 *
 * <p>Threading: jobs append from their threads; listeners are called on the appending thread and must
 * hop to the UI thread themselves.
 */
public final class AuditTrail {

    private final List<AuditEntry> entries = new ArrayList<>();
    private final List<Consumer<AuditEntry>> listeners = new CopyOnWriteArrayList<>();

    /** Appends an entry and tells the listeners. */
    public void record(AuditEntry entry) {
        synchronized (entries) {
            entries.add(0, entry);
        }
        listeners.forEach(l -> l.accept(entry));
    }

    /** @return a snapshot, newest first */
    public List<AuditEntry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** @param listener called after each new entry, on the recording thread */
    public void addListener(Consumer<AuditEntry> listener) {
        listeners.add(listener);
    }
}
