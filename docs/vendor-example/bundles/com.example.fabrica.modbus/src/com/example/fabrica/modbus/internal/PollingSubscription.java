package com.example.fabrica.modbus.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.example.fabrica.modbus.ModbusAddress;

import io.fabrica.devices.api.SampleListener;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;

/**
 * A subscription made of polls, since Modbus devices cannot report changes: every sampling interval
 * the session reads all addresses and the listener gets each value that changed (by more than the
 * absolute deadband, or in quality) since it last got one. The first poll reports every value.
 *
 * <p>Threading: polls and listener calls run on the session thread; {@link #close()} may be called
 * from any thread and never blocks.
 */
final class PollingSubscription implements SignalSubscription {

    /** The shortest poll interval: a zero sampling interval means "as fast as sensible", not a busy loop. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    /** The poll interval when the settings ask for neither a sampling nor a publishing interval. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final ModbusTcpSession session;
    private final List<ModbusAddress> addresses;
    private final SubscriptionSettings settings;
    private final SampleListener listener;
    /** Confined to the session thread. */
    private final SampledValue[] lastReported;
    private volatile ScheduledFuture<?> polling;
    private volatile boolean closed;

    PollingSubscription(ModbusTcpSession session, List<ModbusAddress> addresses, SubscriptionSettings settings, SampleListener listener) {
        this.session = session;
        this.addresses = List.copyOf(addresses);
        this.settings = settings;
        this.listener = listener;
        this.lastReported = new SampledValue[addresses.size()];
    }

    /**
     * Reports the first samples and starts polling. Session thread only.
     *
     * @param first the samples of the first poll, one per address
     */
    void start(List<SampledValue> first) {
        report(first);
        long interval = interval(settings).toMillis();
        try {
            polling = session.scheduler().scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closed = true; // the session closed meanwhile
        }
    }

    /**
     * @param settings the subscription's settings
     * @return the sampling interval, else the publishing interval, else one second; at least 10 ms
     */
    static Duration interval(SubscriptionSettings settings) {
        Duration wanted = !settings.samplingInterval().isZero() ? settings.samplingInterval()
                : !settings.publishingInterval().isZero() ? settings.publishingInterval() : DEFAULT_INTERVAL;
        return wanted.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : wanted;
    }

    @Override
    public int size() {
        return addresses.size();
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> task = polling;
        if (task != null) {
            task.cancel(false);
        }
        session.removed(this);
    }

    private void poll() {
        if (!closed) {
            report(session.pollAll(addresses));
        }
    }

    private void report(List<SampledValue> samples) {
        for (int i = 0; i < samples.size() && !closed; i++) {
            SampledValue sample = samples.get(i);
            if (changed(lastReported[i], sample, settings.absoluteDeadband())) {
                lastReported[i] = sample;
                try {
                    listener.onSample(i, sample);
                } catch (RuntimeException e) {
                    // a listener must not throw; if it does anyway, polling must go on for the others
                }
            }
        }
    }

    /**
     * Whether a sample is worth reporting after the last reported one.
     *
     * @param last the last reported sample, or {@code null} before the first
     * @param next the new sample
     * @param deadband numbers changing by this much or less are not reported
     * @return whether it changed in quality, status or value
     */
    static boolean changed(SampledValue last, SampledValue next, double deadband) {
        if (last == null || last.quality() != next.quality() || !last.status().equals(next.status())) {
            return true;
        }
        if (last.value() instanceof Number before && next.value() instanceof Number after) {
            double delta = Math.abs(after.doubleValue() - before.doubleValue());
            return delta > deadband || Double.isNaN(delta) && !before.equals(after);
        }
        return !Objects.equals(last.value(), next.value());
    }
}
