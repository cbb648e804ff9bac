package io.fabrica.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * OSGi services for the workbench's views and editors, which are created by the workbench and not by
 * Declarative Services. One open tracker per service type; trackers follow services that come and go
 * (vendor plugins installed at run time), so callers ask again instead of keeping the result.
 */
public final class Services {

    private static final ConcurrentHashMap<Class<?>, ServiceTracker<?, ?>> TRACKERS = new ConcurrentHashMap<>();

    private Services() {
    }

    /**
     * The highest-ranked service of a type, waiting briefly for Declarative Services to activate it.
     *
     * @throws IllegalStateException naming the type when no such service is registered within 5 s
     */
    public static <T> T get(Class<T> type) {
        ServiceTracker<T, T> tracker = tracker(type);
        try {
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(5));
            if (service != null) {
                return service;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("No " + type.getSimpleName() + " service is installed (is its bundle active?)");
    }

    /** Every registered service of a type now, possibly none. */
    public static <T> List<T> all(Class<T> type) {
        ServiceTracker<T, T> tracker = tracker(type);
        Object[] services = tracker.getServices();
        List<T> result = new ArrayList<>();
        if (services != null) {
            for (Object s : services) {
                result.add(type.cast(s));
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> ServiceTracker<T, T> tracker(Class<T> type) {
        return (ServiceTracker<T, T>) TRACKERS.computeIfAbsent(type, t -> {
            Bundle bundle = FrameworkUtil.getBundle(Services.class);
            ServiceTracker<T, T> tracker = new ServiceTracker<>(bundle.getBundleContext(), type, null);
            tracker.open();
            return tracker;
        });
    }
}
