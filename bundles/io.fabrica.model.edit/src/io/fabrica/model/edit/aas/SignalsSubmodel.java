package io.fabrica.model.edit.aas;

import static io.fabrica.model.edit.aas.AasElements.*;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;

/**
 * Fabrica's Signals submodel: one collection per signal or process parameter with its data type, unit,
 * access, sampling interval, range, safe limits and device binding.
 */
final class SignalsSubmodel {

    private SignalsSubmodel() {
    }

    static JsonObject of(Equipment equipment, String uuid) {
        JsonObject submodel = submodel(AasExporter.SUBMODEL_ID_PREFIX + uuid + ":signals", "Signals", AasExporter.SIGNALS_SEMANTIC_ID);
        IdShorts.Namespace names = new IdShorts.Namespace();
        JsonArray elements = new JsonArray();
        for (Signal signal : equipment.getSignals()) {
            elements.add(signalCollection(signal, names));
        }
        for (ProcessParameter parameter : equipment.getParameters()) {
            elements.add(signalCollection(parameter, names));
        }
        putIfNotEmpty(submodel, "submodelElements", elements);
        return submodel;
    }

    private static JsonObject signalCollection(Signal signal, IdShorts.Namespace siblings) {
        boolean parameter = signal instanceof ProcessParameter;
        JsonObject collection = new JsonObject();
        collection.addProperty("modelType", "SubmodelElementCollection");
        collection.addProperty("idShort",
                siblings.claim(IdShorts.sanitize(signal.getName(), parameter ? "Parameter" : "Signal")));
        addNames(collection, signal.getName(), signal.getDescription());
        collection.add("semanticId",
                externalReference(AasExporter.SIGNALS_SEMANTIC_ID + (parameter ? "/ProcessParameter" : "/Signal")));

        JsonArray value = values(signal);
        addIfPresent(value, bindingCollection(signal.getBinding()));
        putIfNotEmpty(collection, "value", value);
        return collection;
    }

    /** Data type, unit, access, sampling interval, array length, range and a parameter's safe limits. */
    private static JsonArray values(Signal signal) {
        JsonArray value = new JsonArray();
        DataType dataType = signal.getDataType();
        addIfPresent(value, signalProperty("DataType", "xs:string", dataType == null ? null : dataType.getLiteral()));
        addIfPresent(value, signalProperty("Unit", "xs:string", signal.getUnit()));
        addIfPresent(value, signalProperty("Access", "xs:string",
                signal.getAccess() == null ? null : signal.getAccess().getLiteral()));
        addIfPresent(value, signalProperty("SamplingInterval", "xs:double", xsDouble(signal.getSamplingInterval())));
        if (dataType == DataType.NUMBER_ARRAY) {
            addIfPresent(value, signalProperty("ArrayLength", "xs:int", Integer.toString(signal.getArrayLength())));
        }
        addIfPresent(value, range(signal));
        if (signal instanceof ProcessParameter p) {
            addIfPresent(value, signalProperty("SafeMinimum", "xs:double",
                    p.getSafeMinimum() == null ? null : xsDouble(p.getSafeMinimum())));
            addIfPresent(value, signalProperty("SafeMaximum", "xs:double",
                    p.getSafeMaximum() == null ? null : xsDouble(p.getSafeMaximum())));
            addIfPresent(value, signalProperty("RequiresApproval", "xs:boolean", Boolean.toString(p.isRequiresApproval())));
        }
        return value;
    }

    /** @return the Range element, or {@code null} when neither limit is set */
    private static JsonObject range(Signal signal) {
        if (signal.getMinimum() == null && signal.getMaximum() == null) {
            return null;
        }
        JsonObject range = element("Range", "Range", AasExporter.SIGNALS_SEMANTIC_ID + "/Range");
        range.addProperty("valueType", "xs:double");
        if (signal.getMinimum() != null) {
            range.addProperty("min", xsDouble(signal.getMinimum()));
        }
        if (signal.getMaximum() != null) {
            range.addProperty("max", xsDouble(signal.getMaximum()));
        }
        return range;
    }

    /** @return the Binding collection, or {@code null} when there is no binding or nothing of it is set */
    private static JsonObject bindingCollection(SignalBinding binding) {
        if (binding == null) {
            return null;
        }
        JsonArray value = new JsonArray();
        DeviceConnection connection = binding.getConnection();
        if (connection != null) {
            addIfPresent(value, signalProperty("Connection", "xs:string", connection.getEndpoint()));
        }
        Address address = binding.getAddress();
        if (address instanceof OpcUaNodeAddress node) {
            addIfPresent(value, signalProperty("NamespaceUri", "xs:string", node.getNamespaceUri()));
            addIfPresent(value, signalProperty("IdentifierType", "xs:string",
                    node.getIdentifierType() == null ? null : node.getIdentifierType().getLiteral()));
            addIfPresent(value, signalProperty("Identifier", "xs:string", node.getIdentifier()));
        } else if (address instanceof DeviceAddress device) {
            addIfPresent(value, signalProperty("Address", "xs:string", device.getAddress()));
        }
        if (address != null) {
            addIfPresent(value, signalProperty("DeviceDataType", "xs:string", address.getDeviceDataType()));
        }
        if (value.isEmpty()) {
            return null;
        }
        JsonObject collection = element("SubmodelElementCollection", "Binding", AasExporter.SIGNALS_SEMANTIC_ID + "/Binding");
        collection.add("value", value);
        return collection;
    }
}
