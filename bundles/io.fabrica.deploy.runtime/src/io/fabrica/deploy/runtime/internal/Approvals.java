package io.fabrica.deploy.runtime.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.opcua.server.MethodCall.Caller;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.ParameterWrite.Status;
import io.fabrica.pipeline.api.Recommendation;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.stages.WriteSinkKernel;

/**
 * The runtime's held parameter writes: every value a deployed pipeline holds for approval gets a short id and
 * waits here until an engineer approves or rejects it, or it lapses. A person approves exactly the value they
 * saw: while one value of a parameter waits, newer proposals for it are only counted. Values inside an
 * auto-approve band are written without a person; after an approved write the predicted quality is watched
 * and the previous value written back if it gets worse ({@link QualityWatch}). Every approval, rejection,
 * write, refusal, lapse and revert is audited; each write passes the sink's guard at write time.
 *
 * <p>Pipeline threads call the listener; OPC UA threads approve and reject; one worker thread writes
 * auto-approved values and reverts, so a pipeline thread never waits for a device.
 */
public final class Approvals implements AutoCloseable {

    /** A held value waiting for a decision. */
    record Item(String id, String deployment, ParameterWrite held, Instant heldAt, Instant expires) {
    }

    /** Held values and proposals superseded while they waited, per deployment and parameter. */
    private final Map<String, Item> pending = new LinkedHashMap<>();
    private final Map<String, Integer> newer = new HashMap<>();
    private final Deque<ApprovalRecords.Event> history = new ArrayDeque<>();
    private final Map<String, Hosted> hosted = new HashMap<>();
    private final Map<String, QualityWatch> watches = new HashMap<>();
    private final ApprovalSettings settings;
    private final Map<String, String> engineers;
    private final AuditLog audit;
    private final AuditThrottle throttle;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fabrica-runtime-approvals");
        t.setDaemon(true);
        return t;
    });
    /** Set while this store decides, so the listener does not audit the sink's announcement a second time. */
    private static final ThreadLocal<Boolean> DECIDING = ThreadLocal.withInitial(() -> false);

    /** A running deployment's graph and its auto-approve bands by parameter path. */
    private record Hosted(CompiledPipeline graph, Map<String, ApprovalSettings.Band> bands, Map<String, Long> lastAuto) {
    }

    /**
     * @param settings expiry, shadow mode, auto-approve bands, revert
     * @param engineers the users who may approve and reject (until roles exist, issue 20)
     * @param audit the runtime's audit log
     * @param clock the wall clock of expiries
     */
    public Approvals(ApprovalSettings settings, Map<String, String> engineers, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.engineers = Map.copyOf(engineers);
        this.audit = audit;
        this.clock = clock;
        this.throttle = new AuditThrottle(audit, clock);
    }

    /** @return the settings the deployments are compiled with */
    public ApprovalSettings settings() {
        return settings;
    }

    /**
     * Follows a deployment's write sinks; called after its graph is compiled and before it runs.
     *
     * @param deployment the deployment id
     * @param graph its compiled pipeline
     * @throws IllegalStateException if an auto-approve band of a parameter it writes reaches outside the safe bounds
     */
    public synchronized void attach(String deployment, CompiledPipeline graph) {
        Map<String, ApprovalSettings.Band> bands = ApprovalRecords.bands(graph, settings.autoApprove());
        hosted.put(deployment, new Hosted(graph, bands, new HashMap<>()));
        graph.addListener(new DecisionListener() {
            @Override
            public void decided(Decision d) {
            }

            @Override
            public void parameterWrite(ParameterWrite w) {
                proposed(deployment, w);
            }
        });
    }

    /** A deployment stopped: its held values lapse (they cannot be written any more) and its watches end. */
    public void detach(String deployment) {
        List<Item> lapsed = new ArrayList<>();
        synchronized (this) {
            hosted.remove(deployment);
            pending.values().removeIf(i -> i.deployment().equals(deployment) && lapsed.add(i));
            watches.keySet().removeIf(k -> k.startsWith(deployment + "\n"));
        }
        for (Item i : lapsed) {
            decided(i, i.held().with(Status.EXPIRED, "the deployment " + deployment + " stopped; not written"), "runtime", "Expire");
        }
    }

    /** What the sinks of a deployment announce (on its pipeline thread). */
    private void proposed(String deployment, ParameterWrite w) {
        if (DECIDING.get()) {
            return;
        }
        if (w.recommendation() != null) {
            observe(deployment, w.parameter(), w.recommendation(), w.timeMillis());
        }
        switch (w.status()) {
            case AWAITING_APPROVAL -> hold(deployment, w);
            case WRITTEN -> audit.record("pipeline", "Write", ApprovalRecords.subject(deployment, w), "ok: " + w.detail());
            case REFUSED, SHADOW -> throttle.record(deployment, w);
            default -> {
                // NOT_CONNECTED: a replay, not a runtime
            }
        }
    }

    private void hold(String deployment, ParameterWrite w) {
        Item item;
        synchronized (this) {
            String key = deployment + "\n" + w.parameter();
            if (pending.values().stream().anyMatch(i -> i.deployment().equals(deployment) && i.held().parameter().equals(w.parameter()))) {
                newer.merge(key, 1, Integer::sum);
                return;
            }
            Hosted h = hosted.get(deployment);
            ApprovalSettings.Band band = h == null ? null : h.bands().get(w.parameter());
            if (band != null && band.contains(w.value())) {
                Long last = h.lastAuto().get(w.parameter());
                if (last == null || w.timeMillis() - last >= settings.minWriteInterval().toMillis()) {
                    h.lastAuto().put(w.parameter(), w.timeMillis());
                    worker.execute(() -> autoApprove(deployment, h, w, band));
                }
                return;
            }
            Instant now = clock.instant();
            item = new Item(newId(), deployment, w, now, now.plus(settings.expiry()));
            pending.put(item.id(), item);
            newer.remove(key);
        }
        audit.record("pipeline", "Hold", ApprovalRecords.subject(deployment, w), "held as " + item.id() + " until " + item.expires());
    }

    private String newId() {
        while (true) {
            String id = String.format("%06x", random.nextInt(1 << 24));
            if (!pending.containsKey(id) && history.stream().noneMatch(e -> e.id().equals(id))) {
                return id;
            }
        }
    }

    private void autoApprove(String deployment, Hosted h, ParameterWrite w, ApprovalSettings.Band band) {
        WriteSinkKernel sink = h.graph().writeSink(w.parameter());
        if (sink == null) {
            return;
        }
        Item item;
        synchronized (this) {
            item = new Item(newId(), deployment, w, clock.instant(), clock.instant());
        }
        ParameterWrite result = write(() -> sink.writeHeld(w, "auto-approved (band " + band + ")"));
        decided(item, result, "runtime", "Auto-approve");
    }

    /**
     * An engineer approves a held value: it is written now, through the guard.
     *
     * @param caller who approves
     * @param id the item's id
     * @return what was written
     * @throws SecurityException if the caller may not approve
     * @throws IllegalArgumentException for an unknown, expired or decided id
     * @throws IllegalStateException if the guard or the device refused the write
     */
    public String approve(Caller caller, String id) {
        Item item = take(caller, "Approve", id);
        Hosted h;
        synchronized (this) {
            h = hosted.get(item.deployment());
        }
        WriteSinkKernel sink = h == null ? null : h.graph().writeSink(item.held().parameter());
        if (sink == null) {
            ParameterWrite lapsed = item.held().with(Status.EXPIRED, "the deployment " + item.deployment() + " is not running; not written");
            decided(item, lapsed, caller.user(), "Approve");
            throw new IllegalStateException(lapsed.detail());
        }
        ParameterWrite result = write(() -> sink.writeHeld(item.held(), caller.user()));
        decided(item, result, caller.user(), "Approve");
        if (result.status() != Status.WRITTEN) {
            throw new IllegalStateException(result.detail());
        }
        return ApprovalRecords.describe(result);
    }

    /**
     * An engineer rejects a held value: it is never written.
     *
     * @param caller who rejects
     * @param id the item's id
     * @param reason why, for the record (required)
     * @return what was rejected
     */
    public String reject(Caller caller, String id, String reason) {
        if (reason == null || reason.isBlank()) {
            Roles.requireEngineer(caller, "Reject", engineers);
            audit.record(caller.user(), "Reject", id, "refused: a rejection needs a reason");
            throw new IllegalArgumentException("a rejection needs a reason (Reject(Id, Reason))");
        }
        Item item = take(caller, "Reject", id);
        Hosted h;
        synchronized (this) {
            h = hosted.get(item.deployment());
        }
        WriteSinkKernel sink = h == null ? null : h.graph().writeSink(item.held().parameter());
        String detail = "rejected by " + caller.user() + ": " + reason;
        ParameterWrite result = sink == null ? item.held().with(Status.REJECTED, detail) : write(() -> sink.drop(item.held(), Status.REJECTED, detail));
        decided(item, result, caller.user(), "Reject");
        return ApprovalRecords.describe(result);
    }

    /** Checks the caller and takes the item out of the pending ones; refusals are audited. */
    private Item take(Caller caller, String operation, String id) {
        String key = id == null ? "" : id.trim();
        try {
            Roles.requireEngineer(caller, operation, engineers);
        } catch (SecurityException e) {
            audit.record(caller.user(), operation, key, "refused: " + e.getMessage());
            throw e;
        }
        expire();
        synchronized (this) {
            Item item = pending.remove(key);
            if (item != null) {
                return item;
            }
            String why = history.stream().filter(e -> e.id().equals(key)).findFirst()
                    .map(e -> "approval " + key + " is no longer pending: it was " + e.status().toLowerCase(java.util.Locale.ROOT) + " (" + e.detail() + ")")
                    .orElse("no pending approval '" + key + "'; pending: " + (pending.isEmpty() ? "none" : String.join(", ", pending.keySet())));
            audit.record(caller.user(), operation, key, "refused: " + why);
            throw new IllegalArgumentException(why);
        }
    }

    /** Lets the values that waited longer than the expiry lapse; called by the runtime every second and before each decision. */
    public void expire() {
        Instant now = clock.instant();
        List<Item> lapsed = new ArrayList<>();
        synchronized (this) {
            pending.values().removeIf(i -> !i.expires().isAfter(now) && lapsed.add(i));
        }
        for (Item i : lapsed) {
            Hosted h;
            synchronized (this) {
                h = hosted.get(i.deployment());
            }
            WriteSinkKernel sink = h == null ? null : h.graph().writeSink(i.held().parameter());
            String detail = "not approved within " + settings.expiry().toSeconds() + " s; lapsed, not written";
            decided(i, sink == null ? i.held().with(Status.EXPIRED, detail) : write(() -> sink.drop(i.held(), Status.EXPIRED, detail)), "runtime",
                    "Expire");
        }
    }

    /** A decision on a sink. */
    @FunctionalInterface
    private interface Decide {
        ParameterWrite run() throws io.fabrica.pipeline.api.PipelineException;
    }

    private static ParameterWrite write(Decide operation) {
        DECIDING.set(true);
        try {
            return operation.run();
        } catch (io.fabrica.pipeline.api.PipelineException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            DECIDING.set(false);
        }
    }

    /** Records a decision's outcome: audit, history, and a quality watch after a write. */
    private void decided(Item item, ParameterWrite result, String user, String operation) {
        String subject = item.id() + " " + ApprovalRecords.subject(item.deployment(), result);
        boolean approval = operation.equals("Approve") || operation.equals("Auto-approve");
        if (approval && (result.status() == Status.WRITTEN || result.status() == Status.REFUSED)) {
            // two entries: the person's (or band's) decision, then what the write-time guard and the device made of it
            audit.record(user, operation, subject, "ok: " + (user == null ? "anonymous" : user) + " approved " + result.value());
            audit.record(user, "Write", subject, (result.status() == Status.WRITTEN ? "ok: written, " : "refused: ") + result.detail());
        } else {
            boolean done = result.status() == Status.REJECTED || result.status() == Status.REVERTED;
            audit.record(user, operation, subject, (result.status() == Status.EXPIRED ? "lapsed: " : done ? "ok: " : "refused: ") + result.detail());
        }
        synchronized (this) {
            history.addFirst(new ApprovalRecords.Event(item.id(), item.deployment(), result.parameter(), ApprovalRecords.current(result), result.value(),
                    result.status().name(), user == null ? "anonymous" : user, result.detail(), clock.instant().toString()));
            while (history.size() > ApprovalRecords.HISTORY) {
                history.removeLast();
            }
            Recommendation why = result.recommendation();
            if (result.status() == Status.WRITTEN && why != null && Double.isFinite(why.current()) && Double.isFinite(why.predictedNow())) {
                watches.put(item.deployment() + "\n" + result.parameter(), new QualityWatch(item.id(), why.current(), why.predictedNow(),
                        result.timeMillis(), settings.revertObservations(), settings.revertMargin()));
            }
        }
    }

    /** A later prediction of the parameter's quality; may set the parameter back (on the worker thread). */
    private void observe(String deployment, String parameter, Recommendation why, long time) {
        QualityWatch watch;
        synchronized (this) {
            String key = deployment + "\n" + parameter;
            watch = watches.get(key);
            if (watch == null) {
                return;
            }
            QualityWatch.Verdict verdict = watch.observe(why.predictedNow(), time);
            if (verdict == QualityWatch.Verdict.WATCHING) {
                return;
            }
            watches.remove(key);
            if (verdict == QualityWatch.Verdict.KEEP) {
                return;
            }
        }
        worker.execute(() -> revert(deployment, parameter, watch, time));
    }

    private void revert(String deployment, String parameter, QualityWatch watch, long time) {
        Hosted h;
        synchronized (this) {
            h = hosted.get(deployment);
        }
        WriteSinkKernel sink = h == null ? null : h.graph().writeSink(parameter);
        if (sink != null) {
            ParameterWrite result = write(() -> sink.revert(watch.previous(), time, watch.reason()));
            if (result.status() == Status.REFUSED && result.detail().contains("minimum interval")) {
                synchronized (this) {
                    watches.putIfAbsent(deployment + "\n" + parameter, watch); // too soon after the write: again at the next prediction
                }
            }
            decided(new Item(watch.itemId(), deployment, result, clock.instant(), clock.instant()), result, "runtime", "Revert");
        }
    }

    /** @return the pending items as the JSON array of {@link io.fabrica.deploy.opcua.RuntimeNodes#APPROVALS_PENDING} */
    public synchronized String pendingJson() {
        return ApprovalRecords.pendingJson(pending.values(), newer);
    }

    /** @return the latest decisions, newest first, as the JSON array of {@link io.fabrica.deploy.opcua.RuntimeNodes#APPROVALS_HISTORY} */
    public synchronized String historyJson() {
        return ApprovalRecords.historyJson(history);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
