package io.fabrica.deploy.runtime.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.fabrica.pipeline.api.ParameterWrite;

/**
 * Audits the refusals and shadow-mode proposals a pipeline makes on its own. A pipeline may propose a value
 * with every sample; the audit keeps the first of each kind per parameter and then one every 10 s with the
 * number left out since, so the log stays readable and its disk bounded.
 */
final class AuditThrottle {

    private static final Duration EVERY = Duration.ofSeconds(10);

    private record Seen(Instant at, int since) {
    }

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Seen> seen = new HashMap<>();

    AuditThrottle(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void record(String deployment, ParameterWrite w) {
        String key = deployment + "\n" + w.parameter() + "\n" + w.status();
        Instant now = clock.instant();
        int left;
        synchronized (this) {
            Seen last = seen.get(key);
            if (last != null && Duration.between(last.at(), now).compareTo(EVERY) < 0) {
                seen.put(key, new Seen(last.at(), last.since() + 1));
                return;
            }
            left = last == null ? 0 : last.since();
            seen.put(key, new Seen(now, 0));
        }
        String operation = w.status() == ParameterWrite.Status.SHADOW ? "Shadow" : "Write";
        String outcome = (w.status() == ParameterWrite.Status.SHADOW ? "shadow: " : "refused: ") + w.detail()
                + (left > 0 ? " (and " + left + " more like it since the last entry)" : "");
        audit.record("pipeline", operation, ApprovalRecords.subject(deployment, w), outcome);
    }
}
