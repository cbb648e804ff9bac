package io.fabrica.model.resource;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emf.ecore.xmi.impl.XMLParserPoolImpl;

/**
 * Creates {@code *.plant} resources: XMI, UTF-8, pretty-printed with one attribute per line when
 * an element is long, references written as the target's stable id (so renames and moves do not
 * touch referencing lines), and no schema location. Loading is strict: unknown elements or
 * attributes are errors, never silently dropped (dropping them and saving would lose data).
 */
public class PlantResourceFactory extends XMIResourceFactoryImpl {

    /** The file extension of plant models. */
    public static final String EXTENSION = "plant";

    private static final XMLParserPoolImpl PARSER_POOL = new XMLParserPoolImpl();

    @Override
    public Resource createResource(URI uri) {
        XMIResourceImpl resource = new XMIResourceImpl(uri);
        resource.setIntrinsicIDToEObjectMap(new HashMap<>());
        resource.getDefaultSaveOptions().putAll(saveOptions());
        resource.getDefaultLoadOptions().putAll(loadOptions());
        return resource;
    }

    private static Map<Object, Object> saveOptions() {
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_ENCODING, "UTF-8");
        options.put(XMLResource.OPTION_LINE_WIDTH, 100);
        options.put(XMLResource.OPTION_SCHEMA_LOCATION, Boolean.FALSE);
        options.put(XMLResource.OPTION_USE_ENCODED_ATTRIBUTE_STYLE, Boolean.TRUE);
        options.put(XMLResource.OPTION_SAVE_TYPE_INFORMATION, Boolean.FALSE);
        return options;
    }

    private static Map<Object, Object> loadOptions() {
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        options.put(XMLResource.OPTION_USE_PARSER_POOL, PARSER_POOL);
        options.put(XMLResource.OPTION_USE_XML_NAME_TO_FEATURE_MAP, new HashMap<>());
        options.put(XMLResource.OPTION_RECORD_UNKNOWN_FEATURE, Boolean.FALSE);
        return options;
    }
}
