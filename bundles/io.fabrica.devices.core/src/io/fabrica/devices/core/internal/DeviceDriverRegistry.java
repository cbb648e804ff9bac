package io.fabrica.devices.core.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.core.DeviceDrivers;

/** Tracks {@link DeviceDriver} services dynamically: drivers appear and disappear without restarting anything. */
@Component(service = DeviceDrivers.class)
public final class DeviceDriverRegistry implements DeviceDrivers {

    private final List<DeviceDriver> drivers = new CopyOnWriteArrayList<>();

    /** Called by SCR when a driver service appears. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(DeviceDriver driver) {
        drivers.add(driver);
    }

    /** Called by SCR when a driver service goes away. */
    void removeDriver(DeviceDriver driver) {
        drivers.remove(driver);
    }

    @Override
    public List<DeviceDriver> all() {
        return drivers.stream().sorted(Comparator.comparing(DeviceDriver::id)).toList();
    }

    @Override
    public Optional<DeviceDriver> byId(String id) {
        return drivers.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    @Override
    public DeviceDriver forEndpoint(String endpoint) {
        String scheme = endpoint.contains("://") ? endpoint.substring(0, endpoint.indexOf("://")) : "";
        String id = switch (scheme) {
            case "opc.tcp" -> "opcua";
            default -> scheme;
        };
        return byId(id).orElseThrow(() -> new IllegalArgumentException("no installed driver speaks '" + scheme + "' for endpoint "
                + endpoint + " (installed: " + all().stream().map(DeviceDriver::id).toList() + ")"));
    }
}
