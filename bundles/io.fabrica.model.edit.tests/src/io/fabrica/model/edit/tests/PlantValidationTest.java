package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.plant.Signal;

/**
 * Every plant-model constraint: a model that breaks it, and the message it gets (with the element
 * path). Each case starts from a small valid plant ({@link TestPlants#press()}) and breaks one thing.
 */
class PlantValidationTest {

    private static final String TEMPERATURE = "ACME/Berlin/Pressing/Line 1/Press 3/Temperature";

    @Test
    void validPlantHasNoProblems() {
        assertEquals(List.of(), PlantValidation.validate(TestPlants.press()));
    }

    @Test
    void siblingNamesMustBeUnique() {
        Problem p = onlyError(plant -> {
            Equipment press = TestPlants.equipment(plant);
            press.getParameters().get(0).setName("Temperature");
        });
        assertEquals("ACME/Berlin/Pressing/Line 1/Press 3/Temperature", p.path());
        assertTrue(p.message().contains("name 'Temperature' is used by another element of ACME/Berlin/Pressing/Line 1/Press 3"), p.message());
        assertTrue(p.element() instanceof ProcessParameter, "reported on the later sibling");
    }

    @Test
    void sameNameInDifferentParentsIsFine() {
        Enterprise plant = TestPlants.press();
        Equipment other = PlantFactory.eINSTANCE.createEquipment();
        other.setName("Press 4");
        Signal temperature = PlantFactory.eINSTANCE.createSignal();
        temperature.setName("Temperature");
        temperature.setUnit("Cel");
        other.getSignals().add(temperature);
        plant.getSites().get(0).getAreas().get(0).getLines().get(0).getEquipment().add(other);
        assertFalse(PlantValidation.hasErrors(PlantValidation.validate(plant)));
    }

    @Test
    void namesAreRequired() {
        Problem p = onlyError(plant -> TestPlants.temperature(plant).setName(" "));
        assertTrue(p.message().startsWith("has no name"), p.message());
        assertTrue(p.path().endsWith("Press 3/<unnamed Signal>"), p.path());
    }

    @Test
    void boundSignalNeedsAConnectionOfThisPlant() {
        Problem none = onlyError(plant -> TestPlants.temperature(plant).getBinding().setConnection(null));
        assertEquals(TEMPERATURE + "/<binding>", none.path());
        assertTrue(none.message().contains("names no device connection"), none.message());

        List<Problem> deleted = errors(plant -> plant.getConnections().clear());
        assertEquals(List.of(TEMPERATURE + "/<binding>", "ACME/Berlin/Pressing/Line 1/Press 3/Force Setpoint/<binding>"),
                deleted.stream().map(Problem::path).toList(), "both bindings lost their connection");
        assertTrue(deleted.get(0).message().contains("device connection 'Press PLC', which is not part of this plant"), deleted.get(0).message());
    }

    @Test
    void bindingNeedsAnAddressWithNamespaceAndIdentifier() {
        assertTrue(onlyError(plant -> TestPlants.temperature(plant).getBinding().setAddress(null)).message().contains("has no address"));
        Problem ns = onlyError(plant -> address(plant).setNamespaceUri(""));
        assertEquals(TEMPERATURE + "/<binding>/<opcuanodeaddress>", ns.path());
        assertTrue(ns.message().contains("has no namespace URI"), ns.message());
        Problem numeric = onlyError(plant -> {
            address(plant).setIdentifierType(NodeIdType.NUMERIC);
            address(plant).setIdentifier("Temperature");
        });
        assertTrue(numeric.message().contains("numeric node identifier 'Temperature' is not an unsigned integer"), numeric.message());
    }

    @Test
    void dataTypeMustFitTheDeviceType() {
        Problem p = onlyError(plant -> address(plant).setDeviceDataType("String"));
        assertTrue(p.message().contains("binds a Double signal to a device value of type String"), p.message());
        // widening is fine, unknown vendor types are not judged
        assertNoErrors(plant -> address(plant).setDeviceDataType("Int32"));
        assertNoErrors(plant -> address(plant).setDeviceDataType("REAL@vendor"));
        Problem array = onlyError(plant -> address(plant).setDeviceDataType("Double[]"));
        assertTrue(array.message().contains("device value of type Double[]"), array.message());
    }

    @Test
    void opcUaAddressNeedsAnOpcUaConnection() {
        List<Problem> wrongDriver = errors(plant -> plant.getConnections().get(0).setDriverId("modbus"));
        assertEquals(2, wrongDriver.size(), wrongDriver::toString);
        assertTrue(wrongDriver.get(0).message().contains("uses driver 'modbus'"), wrongDriver.get(0).message());
        assertNoErrors(plant -> {
            plant.getConnections().get(0).setDriverId("modbus");
            plant.getConnections().get(0).setEndpoint("tcp://10.0.0.5:502");
            DeviceAddress register = PlantFactory.eINSTANCE.createDeviceAddress();
            register.setAddress("40001");
            TestPlants.temperature(plant).getBinding().setAddress(register);
            TestPlants.parameter(plant).getBinding().setAddress(org.eclipse.emf.ecore.util.EcoreUtil.copy(register));
        });
    }

    @Test
    void unitMustBeUcum() {
        Problem p = onlyError(plant -> TestPlants.temperature(plant).setUnit("celsius"));
        assertEquals(TEMPERATURE, p.path());
        assertTrue(p.message().startsWith("unit 'celsius' is not a valid UCUM code"), p.message());
        assertNoErrors(plant -> TestPlants.temperature(plant).setUnit("mm/s2"));
        List<Problem> missing = validate(plant -> TestPlants.temperature(plant).setUnit(null));
        assertEquals(Problem.Severity.WARNING, missing.get(0).severity());
        assertTrue(missing.get(0).message().contains("has no unit"), missing.get(0).message());
    }

    @Test
    void rangeMinimumBelowMaximum() {
        Problem p = onlyError(plant -> TestPlants.temperature(plant).setMinimum(500.0));
        assertTrue(p.message().contains("range minimum 500.0 is not below maximum 300.0"), p.message());
        Problem equal = onlyError(plant -> TestPlants.temperature(plant).setMinimum(300.0));
        assertTrue(equal.message().contains("is not below"), equal.message());
    }

    @Test
    void arraysNeedALength() {
        Problem p = onlyError(plant -> {
            TestPlants.temperature(plant).setDataType(DataType.NUMBER_ARRAY);
            address(plant).setDeviceDataType("Double[]");
        });
        assertTrue(p.message().contains("number array without a length"), p.message());
    }

    @Test
    void parametersNeedSafeBoundsInsideTheRangeAndWriteAccess() {
        String path = "ACME/Berlin/Pressing/Line 1/Press 3/Force Setpoint";
        Problem missing = onlyError(plant -> TestPlants.parameter(plant).setSafeMaximum(null));
        assertEquals(path, missing.path());
        assertTrue(missing.message().contains("has no safe maximum"), missing.message());
        assertTrue(onlyError(plant -> {
            TestPlants.parameter(plant).setSafeMinimum(null);
            TestPlants.parameter(plant).setSafeMaximum(null);
        }).message().contains("has no safe bounds"));
        assertTrue(onlyError(plant -> TestPlants.parameter(plant).setSafeMinimum(900.0)).message()
                .contains("safe minimum 900.0 is not below safe maximum 800.0"));
        assertTrue(onlyError(plant -> TestPlants.parameter(plant).setSafeMaximum(1500.0)).message()
                .contains("exceed the engineering range [0.0, 1000.0]"));
        assertTrue(onlyError(plant -> TestPlants.parameter(plant).setAccess(Access.READ)).message()
                .contains("access is read-only"));
    }

    @Test
    void connectionSecurityAndIdentityMustBeCoherent() {
        Problem mode = onlyError(plant -> plant.getConnections().get(0).setSecurityPolicy(SecurityPolicy.BASIC256_SHA256));
        assertEquals("ACME/Press PLC", mode.path());
        assertTrue(mode.message().contains("security policy Basic256Sha256 does not go with mode None"), mode.message());
        assertNoErrors(plant -> {
            plant.getConnections().get(0).setSecurityPolicy(SecurityPolicy.BASIC256_SHA256);
            plant.getConnections().get(0).setSecurityMode(SecurityMode.SIGN_AND_ENCRYPT);
        });
        Problem identity = onlyError(plant -> {
            DeviceConnection c = plant.getConnections().get(0);
            c.setSecurityPolicy(SecurityPolicy.BASIC256_SHA256);
            c.setSecurityMode(SecurityMode.SIGN_AND_ENCRYPT);
            c.setIdentityType(IdentityType.USERNAME);
        });
        assertTrue(identity.message().contains("uses Username identity but names no credential"), identity.message());
        Problem endpoint = onlyError(plant -> plant.getConnections().get(0).setEndpoint("http://press"));
        assertTrue(endpoint.message().contains("must start with opc.tcp://"), endpoint.message());
    }

    @Test
    void slashInANameBreaksPaths() {
        Problem p = onlyError(plant -> TestPlants.temperature(plant).setName("Temp/Oil"));
        assertTrue(p.message().contains("contains '/'"), p.message());
    }

    @Test
    void samplingIntervalIsNotNegative() {
        Problem p = onlyError(plant -> TestPlants.temperature(plant).setSamplingInterval(-5));
        assertTrue(p.message().contains("sampling interval -5.0 ms is negative"), p.message());
    }

    @Test
    void guidIdentifierMustBeAGuid() {
        Problem p = onlyError(plant -> {
            address(plant).setIdentifierType(NodeIdType.GUID);
            address(plant).setIdentifier("not-a-guid");
        });
        assertTrue(p.message().contains("GUID node identifier 'not-a-guid' is not a GUID"), p.message());
        assertNoErrors(plant -> {
            address(plant).setIdentifierType(NodeIdType.GUID);
            address(plant).setIdentifier("09087e75-8e5e-499b-954f-f2a9603db28a");
        });
    }

    @Test
    void userNameOverAnUnencryptedChannelIsAWarning() {
        List<Problem> problems = validate(plant -> {
            plant.getConnections().get(0).setIdentityType(IdentityType.USERNAME);
            plant.getConnections().get(0).setCredentialRef("secure-storage:/fabrica/press-plc");
        });
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(Problem.Severity.WARNING, problems.get(0).severity());
        assertTrue(problems.get(0).message().contains("unencrypted channel"), problems.get(0).message());
    }

    @Test
    void duplicateIdsAreReported() {
        List<Problem> problems = validate(plant -> TestPlants.parameter(plant).setId(TestPlants.temperature(plant).getId()));
        assertTrue(PlantValidation.hasErrors(problems), problems.toString());
    }

    private static OpcUaNodeAddress address(Enterprise plant) {
        return (OpcUaNodeAddress) TestPlants.temperature(plant).getBinding().getAddress();
    }

    private static List<Problem> validate(Consumer<Enterprise> breakIt) {
        Enterprise plant = TestPlants.press();
        TestPlants.inResource(plant);
        breakIt.accept(plant);
        return PlantValidation.validate(plant);
    }

    private static List<Problem> errors(Consumer<Enterprise> breakIt) {
        return validate(breakIt).stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    private static Problem onlyError(Consumer<Enterprise> breakIt) {
        List<Problem> errors = errors(breakIt);
        assertEquals(1, errors.size(), () -> "expected exactly one error, got " + errors);
        return errors.get(0);
    }

    private static void assertNoErrors(Consumer<Enterprise> change) {
        List<Problem> problems = validate(change);
        assertFalse(PlantValidation.hasErrors(problems), problems::toString);
    }
}
