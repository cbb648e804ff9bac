package io.fabrica.model.edit.tests;

import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.plant.Site;
import io.fabrica.model.resource.PlantFiles;

/** A small valid plant: ACME/Berlin/Pressing/Line 1/Press 3 with a bound temperature and a force setpoint. */
final class TestPlants {

    private static final PlantFactory F = PlantFactory.eINSTANCE;

    private TestPlants() {
    }

    static Enterprise press() {
        Enterprise enterprise = F.createEnterprise();
        enterprise.setName("ACME");
        DeviceConnection plc = F.createDeviceConnection();
        plc.setName("Press PLC");
        plc.setEndpoint("opc.tcp://press-plc:4840");
        enterprise.getConnections().add(plc);
        Site site = F.createSite();
        site.setName("Berlin");
        enterprise.getSites().add(site);
        Area area = F.createArea();
        area.setName("Pressing");
        site.getAreas().add(area);
        Line line = F.createLine();
        line.setName("Line 1");
        area.getLines().add(line);
        Equipment press = F.createEquipment();
        press.setName("Press 3");
        line.getEquipment().add(press);

        Signal temperature = F.createSignal();
        temperature.setName("Temperature");
        temperature.setDataType(DataType.DOUBLE);
        temperature.setUnit("Cel");
        temperature.setMinimum(-20.0);
        temperature.setMaximum(300.0);
        temperature.setSamplingInterval(500);
        temperature.setBinding(binding(plc, "Press3.Temperature", "Double"));
        press.getSignals().add(temperature);

        ProcessParameter force = F.createProcessParameter();
        force.setName("Force Setpoint");
        force.setDataType(DataType.DOUBLE);
        force.setUnit("kN");
        force.setMinimum(0.0);
        force.setMaximum(1000.0);
        force.setSafeMinimum(100.0);
        force.setSafeMaximum(800.0);
        force.setAccess(Access.READ_WRITE);
        force.setBinding(binding(plc, "Press3.ForceSetpoint", "Double"));
        press.getParameters().add(force);
        return enterprise;
    }

    static SignalBinding binding(DeviceConnection connection, String identifier, String deviceType) {
        OpcUaNodeAddress address = F.createOpcUaNodeAddress();
        address.setNamespaceUri("http://example.com/PressLine/");
        address.setIdentifierType(NodeIdType.STRING);
        address.setIdentifier(identifier);
        address.setDeviceDataType(deviceType);
        SignalBinding binding = F.createSignalBinding();
        binding.setConnection(connection);
        binding.setAddress(address);
        return binding;
    }

    /** Puts the plant into a resource (as after loading), which EMF's id checks need. */
    static Enterprise inResource(Enterprise plant) {
        PlantFiles.newResourceSet().createResource(org.eclipse.emf.common.util.URI.createURI("memory:/test.plant")).getContents().add(plant);
        return plant;
    }

    static Equipment equipment(Enterprise plant) {
        return plant.getSites().get(0).getAreas().get(0).getLines().get(0).getEquipment().get(0);
    }

    static Signal temperature(Enterprise plant) {
        return equipment(plant).getSignals().get(0);
    }

    static ProcessParameter parameter(Enterprise plant) {
        return equipment(plant).getParameters().get(0);
    }
}
