package com.example.fabrica.controller.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.example.fabrica.controller.internal.OnnxControllerTarget;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.devices.api.ConnectionSpec;

/**
 * The ONNX controller target against a temporary controller project folder with real signed packages:
 * what it exports (the package's ONNX bytes, PLCopen XML and structured text with the right STRUCTs,
 * types and units), replacing and removing exports, the operations it refuses, and packages it must
 * refuse (tampered, signed by an untrusted key) leaving the folder untouched.
 */
class OnnxControllerTargetTest {

    private static final String TC6 = "http://www.plcopen.org/xml/tc6_0201";

    @TempDir
    Path dir;

    private final OnnxControllerTarget target = new OnnxControllerTarget();
    private final KeyPair engineer = Keys.generate();
    private Path controller;
    private ConnectionSpec spec;

    @BeforeEach
    void controllerProject() throws Exception {
        controller = Files.createDirectories(dir.resolve("plc/line 1"));
        new TrustStore(controller.resolve("trusted-keys")).trust(engineer.getPublic(), "engineer");
        spec = ConnectionSpec.anonymous("onnx-plc:" + controller);
    }

    @Test
    void acceptsOnlyItsScheme() {
        assertTrue(target.accepts("onnx-plc:/srv/plc"));
        assertFalse(target.accepts("opc.tcp://localhost:4840"));
        assertFalse(target.accepts("file:/srv/plc"));
    }

    @Test
    void exportsTheModelAndItsInterfaceIntoThePipelineFolder() throws Exception {
        byte[] pkg = Files.readAllBytes(SignedPackages.build(dir.resolve("project"), "1", engineer));
        String id = target.deploy(spec, pkg, false);

        assertEquals(DeploymentPackage.read(pkg, null).manifest().pipelineId(), id, "the deployment id is the pipeline id");
        Path export = controller.resolve(SignedPackages.IDENTIFIER);
        assertArrayEquals(SignedPackages.unzip(pkg).get("pipeline/model.onnx"), Files.readAllBytes(export.resolve("model.onnx")),
                "model.onnx is the packaged model, byte for byte");
        assertArrayEquals(SignedPackages.onnxModel(), Files.readAllBytes(export.resolve("model.onnx")));
        assertEquals(List.of(".", "Press_Monitor", "Press_Monitor/Press_Monitor_interface.st", "Press_Monitor/Press_Monitor_interface.xml",
                "Press_Monitor/fabrica-deployment.properties", "Press_Monitor/model.onnx", "trusted-keys", "trusted-keys/engineer.pub"),
                tree(controller).keySet().stream().toList(), "nothing else, no staging leftovers");
    }

    @Test
    void thePlcOpenXmlHasAStructOfInputsAndOfOutputsAndAFunctionBlock() throws Exception {
        target.deploy(spec, Files.readAllBytes(SignedPackages.build(dir.resolve("project"), "1", engineer)), false);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document xml = factory.newDocumentBuilder().parse(controller.resolve("Press_Monitor/Press_Monitor_interface.xml").toFile());

        assertEquals(TC6, xml.getDocumentElement().getNamespaceURI());
        assertEquals("project", xml.getDocumentElement().getLocalName());
        NodeList types = xml.getElementsByTagNameNS(TC6, "dataType");
        assertEquals(2, types.getLength(), "one STRUCT of inputs, one of outputs");
        Element inputs = (Element) types.item(0);
        Element outputs = (Element) types.item(1);
        assertEquals("ST_Press_Monitor_Inputs", inputs.getAttribute("name"));
        assertEquals("ST_Press_Monitor_Outputs", outputs.getAttribute("name"));
        assertEquals(List.of("Vibration_rms:REAL", "Vibration_peak:REAL", "Vibration_kurtosis:REAL"), structElements(inputs));
        assertEquals(List.of("Vibration_rms_error:REAL", "Vibration_peak_error:REAL", "Vibration_kurtosis_error:REAL"), structElements(outputs));
        String rmsDoc = ((Element) inputs.getElementsByTagNameNS(TC6, "variable").item(0)).getElementsByTagNameNS(TC6, "documentation").item(0)
                .getTextContent().strip();
        assertEquals("Vibration.rms standardized: (x - 0.5) / 0.25 with x in m/s²; unit: 1", rmsDoc);

        Element pou = (Element) xml.getElementsByTagNameNS(TC6, "pou").item(0);
        assertEquals(List.of("FB_Press_Monitor", "functionBlock"), List.of(pou.getAttribute("name"), pou.getAttribute("pouType")));
        Element inputVar = (Element) ((Element) pou.getElementsByTagNameNS(TC6, "inputVars").item(0)).getElementsByTagNameNS(TC6, "derived").item(0);
        Element outputVar = (Element) ((Element) pou.getElementsByTagNameNS(TC6, "outputVars").item(0)).getElementsByTagNameNS(TC6, "derived").item(0);
        assertEquals("ST_Press_Monitor_Inputs", inputVar.getAttribute("name"));
        assertEquals("ST_Press_Monitor_Outputs", outputVar.getAttribute("name"));
    }

    @Test
    void theStructuredTextHasTheStructsWithUnitCommentsAndAFunctionBlockStub() throws Exception {
        target.deploy(spec, Files.readAllBytes(SignedPackages.build(dir.resolve("project"), "1", engineer)), false);
        String st = Files.readString(controller.resolve("Press_Monitor/Press_Monitor_interface.st"), StandardCharsets.UTF_8);

        assertTrue(st.contains("TYPE ST_Press_Monitor_Inputs :\nSTRUCT\n"
                + "    Vibration_rms : REAL; (* unit: 1; Vibration.rms standardized: (x - 0.5) / 0.25 with x in m/s² *)\n"
                + "    Vibration_peak : REAL; (* unit: 1; Vibration.peak standardized: (x - 1.5) / 0.5 with x in m/s² *)\n"
                + "    Vibration_kurtosis : REAL; (* unit: 1; Vibration.kurtosis standardized: (x - 3.0) / 1.0 with x in 1 *)\n"
                + "END_STRUCT\nEND_TYPE\n"), st);
        assertTrue(st.contains("TYPE ST_Press_Monitor_Outputs :\nSTRUCT\n    Vibration_rms_error : REAL; (* unit: 1; squared reconstruction error"), st);
        assertTrue(st.contains("FUNCTION_BLOCK FB_Press_Monitor\nVAR_INPUT\n    Inputs : ST_Press_Monitor_Inputs;\nEND_VAR\n"
                + "VAR_OUTPUT\n    Outputs : ST_Press_Monitor_Outputs;\n"), st);
        assertTrue(st.strip().endsWith("END_FUNCTION_BLOCK"), st);
    }

    @Test
    void statusListsExportsRedeployReplacesAndRemoveDeletes() throws Exception {
        String id = target.deploy(spec, Files.readAllBytes(SignedPackages.build(dir.resolve("v1"), "1", engineer)), false);
        target.deploy(spec, Files.readAllBytes(SignedPackages.build(dir.resolve("v2"), "2", engineer)), false);

        List<DeploymentStatus> status = target.status(spec);
        assertEquals(1, status.size(), "the second version replaced the first: " + status);
        assertEquals(List.of(id, SignedPackages.NAME, "2", "STOPPED"), List.of(status.get(0).id(), status.get(0).name(), status.get(0).version(),
                status.get(0).state()));
        assertTrue(Files.readString(controller.resolve("Press_Monitor/Press_Monitor_interface.st")).contains("version 2"));

        DeploymentException start = assertThrows(DeploymentException.class, () -> target.control(spec, "Start", id));
        assertTrue(start.getMessage().contains("Start is not supported by this target"), start.getMessage());
        DeploymentException unknown = assertThrows(DeploymentException.class, () -> target.control(spec, "Reboot", id));
        assertTrue(unknown.getMessage().contains("unknown operation 'Reboot'"), unknown.getMessage());

        target.control(spec, "Remove", id);
        assertEquals(List.of(), target.status(spec));
        assertFalse(Files.exists(controller.resolve("Press_Monitor")));
    }

    @Test
    void anotherPipelineOfTheSameNameDoesNotReplaceTheExport() throws Exception {
        target.deploy(spec, Files.readAllBytes(SignedPackages.build(dir.resolve("press"), "1", engineer)), false);
        byte[] other = Files.readAllBytes(SignedPackages.build(dir.resolve("other"), "1", engineer, "0d7c9a8b-0000-4000-8000-000000000001"));
        Map<String, String> before = tree(controller);

        DeploymentException e = assertThrows(DeploymentException.class, () -> target.deploy(spec, other, false));
        assertTrue(e.getMessage().contains("Press_Monitor already holds pipeline " + SignedPackages.PIPELINE_ID + "; rename the pipeline"),
                e.getMessage());
        assertEquals(before, tree(controller));
    }

    @Test
    void aTamperedPackageIsRefusedAndTheFolderIsLeftUntouched() throws Exception {
        byte[] pkg = Files.readAllBytes(SignedPackages.build(dir.resolve("project"), "1", engineer));
        target.deploy(spec, pkg, false);
        Map<String, byte[]> entries = SignedPackages.unzip(pkg);
        entries.put("pipeline/model.onnx", "a different model".getBytes(StandardCharsets.UTF_8));
        byte[] tampered = SignedPackages.zip(entries);
        Map<String, String> before = tree(controller);

        DeploymentException e = assertThrows(DeploymentException.class, () -> target.deploy(spec, tampered, false));
        assertTrue(e.getMessage().contains("pipeline/model.onnx' does not match its SHA-256"), e.getMessage());
        assertEquals(before, tree(controller), "the controller folder is untouched");
    }

    @Test
    void aPackageSignedByAnUntrustedKeyIsRefusedAndTheFolderIsLeftUntouched() throws Exception {
        byte[] pkg = Files.readAllBytes(SignedPackages.build(dir.resolve("project"), "1", Keys.generate()));
        Map<String, String> before = tree(controller);

        DeploymentException e = assertThrows(DeploymentException.class, () -> target.deploy(spec, pkg, false));
        assertTrue(e.getMessage().contains("the signature does not verify with any trusted key"), e.getMessage());
        assertEquals(before, tree(controller));
    }

    @Test
    void aMissingFolderOrTrustStoreIsNamed() throws Exception {
        byte[] pkg = Files.readAllBytes(SignedPackages.build(dir.resolve("project"), "1", engineer));
        DeploymentException missing = assertThrows(DeploymentException.class,
                () -> target.deploy(ConnectionSpec.anonymous("onnx-plc:" + dir.resolve("nowhere")), pkg, false));
        assertTrue(missing.getMessage().contains("no controller project folder"), missing.getMessage());

        Path untrusting = Files.createDirectories(dir.resolve("plc2"));
        DeploymentException noKeys = assertThrows(DeploymentException.class,
                () -> target.deploy(ConnectionSpec.anonymous("onnx-plc:" + untrusting), pkg, false));
        assertTrue(noKeys.getMessage().contains("has no trusted-keys/ folder"), noKeys.getMessage());
        try (Stream<Path> files = Files.list(untrusting)) {
            assertEquals(0, files.count(), "nothing was written");
        }
    }

    private static List<String> structElements(Element dataType) {
        List<String> elements = new ArrayList<>();
        NodeList variables = dataType.getElementsByTagNameNS(TC6, "variable");
        for (int i = 0; i < variables.getLength(); i++) {
            Element v = (Element) variables.item(i);
            Element type = (Element) v.getElementsByTagNameNS(TC6, "type").item(0);
            Element first = (Element) type.getElementsByTagNameNS("*", "*").item(0);
            elements.add(v.getAttribute("name") + ":" + first.getLocalName());
        }
        return elements;
    }

    /** @return every path below the folder (relative, sorted) with the SHA-256 of files */
    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                tree.put(name.isEmpty() ? "." : name, Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return tree;
    }
}
