package io.fabrica.model.edit.validation;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EObjectValidator;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.NamedElement;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.resource.ElementPaths;

/**
 * The plant model's constraints, as an EMF {@link org.eclipse.emf.ecore.EValidator} for EMF's
 * {@link org.eclipse.emf.ecore.util.Diagnostician}. Besides EMF's structural checks (required
 * features, unique ids) it checks what a pipeline and a deployment rely on: unique names among
 * siblings, bindings to an existing connection and a complete address, data types that fit the
 * device's, UCUM units, ranges with min &lt; max, bounded parameters, coherent channel security.
 * Every message says what to do; the element's path is attached by {@link PlantValidation}.
 */
public class PlantValidator extends EObjectValidator {

    /** Diagnostic source of the findings of this validator. */
    public static final String SOURCE = "io.fabrica.model.edit.validation";

    @Override
    protected EPackage getEPackage() {
        return PlantPackage.eINSTANCE;
    }

    @Override
    public boolean validate(EClass eClass, EObject object, DiagnosticChain diagnostics, Map<Object, Object> context) {
        boolean ok = super.validate(eClass, object, diagnostics, context);
        Findings findings = new Findings(object, diagnostics);
        if (object instanceof NamedElement named) {
            checkName(named, findings, context);
        }
        if (object instanceof Signal signal) {
            checkSignal(signal, findings);
        }
        if (object instanceof ProcessParameter parameter) {
            checkParameter(parameter, findings);
        }
        if (object instanceof SignalBinding binding) {
            checkBinding(binding, findings);
        }
        if (object instanceof OpcUaNodeAddress address) {
            checkNodeAddress(address, findings);
        }
        if (object instanceof DeviceConnection connection) {
            checkConnection(connection, findings);
        }
        return ok && !findings.anyError;
    }

    /** EMF's "required feature must be set" for names is replaced by our clearer message. */
    @Override
    protected boolean validate_MultiplicityConforms(EObject object, EStructuralFeature feature, DiagnosticChain diagnostics,
            Map<Object, Object> context) {
        if (feature == PlantPackage.Literals.NAMED_ELEMENT__NAME) {
            return true;
        }
        return super.validate_MultiplicityConforms(object, feature, diagnostics, context);
    }

    private static void checkName(NamedElement element, Findings findings, Map<Object, Object> context) {
        String name = element.getName();
        if (name == null || name.isBlank()) {
            findings.error("has no name; give it one (names form the paths that pipelines and bindings use)");
            return;
        }
        if (name.contains("/")) {
            findings.error("name '" + name + "' contains '/', which separates path segments; rename it");
        }
        EObject container = element.eContainer();
        if (container == null) {
            return;
        }
        NamedElement first = firstWithName(container, context).get(name);
        if (first != null && first != element) {
            findings.error("name '" + name + "' is used by another element of " + ElementPaths.pathOf(container)
                    + "; rename one of them so that paths stay unique");
        }
    }

    /** Names of a container's children, first holder of each; computed once per container and run (linear, not quadratic). */
    @SuppressWarnings("unchecked")
    private static Map<String, NamedElement> firstWithName(EObject container, Map<Object, Object> context) {
        Map<EObject, Map<String, NamedElement>> cache = context == null ? new HashMap<>()
                : (Map<EObject, Map<String, NamedElement>>) context.computeIfAbsent(PlantValidator.class, k -> new HashMap<>());
        return cache.computeIfAbsent(container, c -> {
            Map<String, NamedElement> names = new HashMap<>();
            for (EObject child : c.eContents()) {
                if (child instanceof NamedElement named && named.getName() != null) {
                    names.putIfAbsent(named.getName(), named);
                }
            }
            return names;
        });
    }

    private static void checkSignal(Signal signal, Findings findings) {
        DataType type = signal.getDataType();
        if (type == DataType.NUMBER_ARRAY && signal.getArrayLength() <= 0) {
            findings.error("is a number array without a length; set Array length to the number of samples per value");
        } else if (type != DataType.NUMBER_ARRAY && signal.getArrayLength() > 0) {
            findings.warning("has an array length but its data type is " + type.getLiteral() + "; set the type to NumberArray or clear the length");
        }
        checkUnit(signal, findings);
        Double min = signal.getMinimum();
        Double max = signal.getMaximum();
        if (min != null && max != null && !(min < max)) {
            findings.error("range minimum " + min + " is not below maximum " + max + "; correct the engineering range");
        }
        if ((min != null || max != null) && !numeric(type)) {
            findings.warning("has an engineering range but is of type " + type.getLiteral() + "; ranges only apply to numbers");
        }
        if (signal.getSamplingInterval() < 0) {
            findings.error("sampling interval " + signal.getSamplingInterval() + " ms is negative; use 0 for event-driven signals");
        }
    }

    private static void checkUnit(Signal signal, Findings findings) {
        String unit = signal.getUnit();
        if (unit == null || unit.isBlank()) {
            if (numeric(signal.getDataType())) {
                findings.warning("has no unit; set a UCUM code (e.g. Cel, mm/s, A, 1/min), or '1' if it is dimensionless");
            }
            return;
        }
        Units.problem(unit).ifPresent(reason -> findings.error(
                "unit '" + unit + "' is not a valid UCUM code (" + reason + "); use a UCUM code such as Cel, mm/s, A, or 1/min for rpm"));
    }

    private static void checkParameter(ProcessParameter parameter, Findings findings) {
        Double low = parameter.getSafeMinimum();
        Double high = parameter.getSafeMaximum();
        if (low == null || high == null) {
            findings.error("has no safe " + (low == null && high == null ? "bounds" : low == null ? "minimum" : "maximum")
                    + "; set both so that nothing can write an unsafe setpoint");
        } else if (!(low < high)) {
            findings.error("safe minimum " + low + " is not below safe maximum " + high + "; correct the bounds");
        } else {
            Double min = parameter.getMinimum();
            Double max = parameter.getMaximum();
            if (min != null && low < min || max != null && high > max) {
                findings.error("safe bounds [" + low + ", " + high + "] exceed the engineering range [" + min + ", " + max
                        + "]; narrow the safe bounds");
            }
        }
        if (parameter.getAccess() == Access.READ) {
            findings.error("is a process parameter but its access is read-only; set access to write or read-write");
        }
        if (!numeric(parameter.getDataType())) {
            findings.error("is a process parameter of type " + parameter.getDataType().getLiteral() + "; setpoints must be numbers");
        }
    }

    private static void checkBinding(SignalBinding binding, Findings findings) {
        DeviceConnection connection = binding.getConnection();
        if (connection == null) {
            findings.error("names no device connection; choose one of the enterprise's connections");
        } else if (connection.eIsProxy()) {
            findings.error("refers to a device connection that does not exist (" + EcoreUtil.getURI(connection).fragment()
                    + "); the file was edited by hand: bind the signal again");
        } else if (EcoreUtil.getRootContainer(connection) != EcoreUtil.getRootContainer(binding)
                || !(connection.eContainer() instanceof Enterprise)) {
            findings.error("refers to device connection '" + connection.getName()
                    + "', which is not part of this plant (deleted, or from another file); bind to one of this plant's connections");
        }
        Address address = binding.getAddress();
        if (address == null) {
            findings.error("has no address; browse the device and bind the signal to a node");
            return;
        }
        if (address instanceof OpcUaNodeAddress && connection != null && connection.getDriverId() != null
                && !connection.getDriverId().equals("opcua")) {
            findings.error("has an OPC UA address but its connection '" + connection.getName() + "' uses driver '"
                    + connection.getDriverId() + "'; bind it through an OPC UA connection");
        }
        String deviceType = address.getDeviceDataType();
        if (binding.eContainer() instanceof Signal signal && deviceType != null && !deviceType.isBlank()
                && DeviceTypes.known(deviceType) && !DeviceTypes.fits(signal.getDataType(), deviceType)) {
            findings.error("binds a " + signal.getDataType().getLiteral() + " signal to a device value of type " + deviceType
                    + "; change the signal's data type to fit the device or bind another node");
        }
    }

    private static void checkNodeAddress(OpcUaNodeAddress address, Findings findings) {
        if (address.getNamespaceUri() == null || address.getNamespaceUri().isBlank()) {
            findings.error("has no namespace URI; bind the signal by browsing the server so the namespace is recorded");
        }
        String identifier = address.getIdentifier();
        if (identifier == null || identifier.isEmpty()) {
            findings.error("has no node identifier; bind the signal by browsing the server");
        } else if (address.getIdentifierType() == NodeIdType.NUMERIC && !identifier.matches("\\d{1,10}")) {
            findings.error("numeric node identifier '" + identifier + "' is not an unsigned integer; correct it or use a string identifier");
        } else if (address.getIdentifierType() == NodeIdType.GUID
                && !identifier.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            findings.error("GUID node identifier '" + identifier + "' is not a GUID; correct it");
        }
    }

    private static void checkConnection(DeviceConnection connection, Findings findings) {
        String endpoint = connection.getEndpoint();
        if (endpoint == null || endpoint.isBlank()) {
            findings.error("has no endpoint; set the device's address (for OPC UA opc.tcp://host:port/path)");
        } else if ("opcua".equals(connection.getDriverId()) && !endpoint.startsWith("opc.tcp://")) {
            findings.error("endpoint '" + endpoint + "' is not an OPC UA endpoint; it must start with opc.tcp://");
        }
        if (connection.getDriverId() == null || connection.getDriverId().isBlank()) {
            findings.error("has no driver; set the driver id (opcua for OPC UA)");
        }
        boolean noPolicy = connection.getSecurityPolicy() == SecurityPolicy.NONE;
        boolean noMode = connection.getSecurityMode() == SecurityMode.NONE;
        if (noPolicy != noMode) {
            findings.error("security policy " + connection.getSecurityPolicy().getLiteral() + " does not go with mode "
                    + connection.getSecurityMode().getLiteral() + "; use None with None, or a policy with Sign / SignAndEncrypt");
        }
        if (connection.getIdentityType() != IdentityType.ANONYMOUS
                && (connection.getCredentialRef() == null || connection.getCredentialRef().isBlank())) {
            findings.error("uses " + connection.getIdentityType().getLiteral()
                    + " identity but names no credential; set Credential ref to the secure-storage entry holding it");
        }
        if (noPolicy && connection.getIdentityType() == IdentityType.USERNAME) {
            findings.warning("sends a user name over an unencrypted channel; use SignAndEncrypt");
        }
    }

    private static boolean numeric(DataType type) {
        return type == DataType.INT || type == DataType.FLOAT || type == DataType.DOUBLE || type == DataType.NUMBER_ARRAY;
    }

    /** Collects diagnostics about one element. */
    private static final class Findings {
        private final EObject element;
        private final DiagnosticChain chain;
        private boolean anyError;

        Findings(EObject element, DiagnosticChain chain) {
            this.element = element;
            this.chain = chain;
        }

        void error(String message) {
            anyError = true;
            add(Diagnostic.ERROR, message);
        }

        void warning(String message) {
            add(Diagnostic.WARNING, message);
        }

        private void add(int severity, String message) {
            if (chain != null) {
                chain.add(new BasicDiagnostic(severity, SOURCE, 0, message, new Object[] {element}));
            }
        }
    }

    /** @return a fresh context map for one validation run */
    static Map<Object, Object> newContext() {
        return new HashMap<>();
    }
}
