package io.fabrica.model.edit.aas;

import static io.fabrica.model.edit.aas.AasElements.*;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabrica.model.plant.Nameplate;

/** The IDTA 02006-2-0 Digital Nameplate submodel, with the elements the plant model knows. */
final class NameplateSubmodel {

    private NameplateSubmodel() {
    }

    static JsonObject of(Nameplate nameplate, String uuid) {
        JsonObject submodel = submodel(AasExporter.SUBMODEL_ID_PREFIX + uuid + ":nameplate", "Nameplate", AasExporter.NAMEPLATE_SEMANTIC_ID);
        JsonArray elements = new JsonArray();
        addIfPresent(elements, multiLanguageProperty("ManufacturerName", AasExporter.MANUFACTURER_NAME, nameplate.getManufacturer()));
        addIfPresent(elements, multiLanguageProperty("ManufacturerProductDesignation", AasExporter.MANUFACTURER_PRODUCT_DESIGNATION,
                nameplate.getModel()));
        addIfPresent(elements, property("SerialNumber", AasExporter.SERIAL_NUMBER, "xs:string", nameplate.getSerialNumber()));
        Integer year = nameplate.getYearOfConstruction();
        addIfPresent(elements, property("YearOfConstruction", AasExporter.YEAR_OF_CONSTRUCTION, "xs:string",
                year == null ? null : year.toString()));
        putIfNotEmpty(submodel, "submodelElements", elements);
        return submodel;
    }
}
