package com.example.fabrica.controller.internal;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.example.fabrica.controller.internal.ModelInterface.Element;

/**
 * Writes a model interface as PLCopen XML (IEC 61131-10 / TC6 XML 2.01), which controller engineering
 * tools import: a {@code dataType} STRUCT for the inputs and one for the outputs (REAL elements or
 * ARRAY OF REAL, the meaning and unit of each in its documentation) and a FUNCTION_BLOCK
 * {@code FB_<pipeline>} whose interface takes the input STRUCT and gives the output STRUCT. The body
 * is a structured-text comment: the controller's ONNX runtime call is vendor-specific.
 *
 * <p>Stateless; thread-safe (a new stream writer per call).
 */
final class PlcOpenXmlWriter {

    /** The TC6 XML namespace. */
    static final String TC6 = "http://www.plcopen.org/xml/tc6_0201";

    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    private final XMLStreamWriter xml;
    private int depth;

    private PlcOpenXmlWriter(XMLStreamWriter xml) {
        this.xml = xml;
    }

    /**
     * @param model the interface
     * @param created the creation time written into the file header
     * @return the XML document, UTF-8
     * @throws XMLStreamException if the JDK's XML writer fails (a programming error, not a data problem)
     */
    static byte[] write(ModelInterface model, Instant created) throws XMLStreamException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
        new PlcOpenXmlWriter(xml).project(model, created);
        xml.close();
        return bytes.toByteArray();
    }

    private void project(ModelInterface model, Instant created) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.setDefaultNamespace(TC6);
        xml.setPrefix("xhtml", XHTML);
        start("project");
        xml.writeDefaultNamespace(TC6);
        xml.writeNamespace("xhtml", XHTML);
        empty("fileHeader", "companyName", "Example Corp", "productName", "Fabrica ONNX controller export", "productVersion", "1.0",
                "creationDateTime", created.truncatedTo(ChronoUnit.SECONDS).toString());
        contentHeader(model);
        start("types");
        start("dataTypes");
        struct(model.inputType(), model.inputs(), "Inputs of ONNX tensor '" + model.onnxInput() + "' of pipeline '" + model.pipelineName() + "'");
        struct(model.outputType(), model.outputs(), "Outputs of ONNX tensor '" + model.onnxOutput() + "' of pipeline '" + model.pipelineName() + "'");
        end();
        start("pous");
        functionBlock(model);
        end();
        end();
        start("instances");
        empty("configurations");
        end();
        end();
        xml.writeEndDocument();
    }

    private void contentHeader(ModelInterface model) throws XMLStreamException {
        start("contentHeader", "name", model.identifier(), "version", model.version());
        start("coordinateInfo");
        for (String language : List.of("fbd", "ld", "sfc")) {
            start(language);
            empty("scaling", "x", "1", "y", "1");
            end();
        }
        end();
        end();
    }

    private void struct(String name, List<Element> elements, String documentation) throws XMLStreamException {
        start("dataType", "name", name);
        start("baseType");
        start("struct");
        for (Element e : elements) {
            start("variable", "name", e.identifier());
            type(e);
            documentation(e.meaning() + "; unit: " + e.unitText());
            end();
        }
        end();
        end();
        documentation(documentation);
        end();
    }

    private void type(Element e) throws XMLStreamException {
        start("type");
        if (e.arrayLength() == 0) {
            empty("REAL");
        } else {
            start("array");
            empty("dimension", "lower", "0", "upper", Integer.toString(e.arrayLength() - 1));
            start("baseType");
            empty("REAL");
            end();
            end();
        }
        end();
    }

    private void functionBlock(ModelInterface model) throws XMLStreamException {
        start("pou", "name", model.functionBlock(), "pouType", "functionBlock");
        start("interface");
        start("inputVars");
        variable("Inputs", model.inputType(), "the model inputs, in the order of the ONNX input vector");
        end();
        start("outputVars");
        variable("Outputs", model.outputType(), "the model outputs of the last inference");
        start("variable", "name", "Valid");
        start("type");
        empty("BOOL");
        end();
        documentation("TRUE once Outputs hold the result of the current Inputs");
        end();
        end();
        end();
        start("body");
        start("ST");
        indent();
        xml.writeStartElement(XHTML, "p");
        xml.writeCharacters(StructuredTextWriter.bodyComment(model));
        xml.writeEndElement();
        end();
        end();
        documentation("Runs model.onnx of pipeline '" + model.pipelineName() + "' version " + model.version() + " (id " + model.pipelineId() + ")");
        end();
    }

    private void variable(String name, String derivedType, String documentation) throws XMLStreamException {
        start("variable", "name", name);
        start("type");
        empty("derived", "name", derivedType);
        end();
        documentation(documentation);
        end();
    }

    private void documentation(String text) throws XMLStreamException {
        start("documentation");
        indent();
        xml.writeStartElement(XHTML, "p");
        xml.writeCharacters(text);
        xml.writeEndElement();
        end();
    }

    private void start(String name, String... attributes) throws XMLStreamException {
        indent();
        xml.writeStartElement(TC6, name);
        attributes(attributes);
        depth++;
    }

    private void empty(String name, String... attributes) throws XMLStreamException {
        indent();
        xml.writeEmptyElement(TC6, name);
        attributes(attributes);
    }

    private void end() throws XMLStreamException {
        depth--;
        indent();
        xml.writeEndElement();
    }

    private void attributes(String... pairs) throws XMLStreamException {
        for (int i = 0; i < pairs.length; i += 2) {
            xml.writeAttribute(pairs[i], pairs[i + 1]);
        }
    }

    /** Line breaks and indentation, so that people and diff tools can read the file. */
    private void indent() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
