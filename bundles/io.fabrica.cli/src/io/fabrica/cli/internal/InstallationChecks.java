package io.fabrica.cli.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.fabrica.opcua.server.OpcUaServerHost;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * The checks of {@code fabrica doctor}. Each returns a short detail on success and throws with
 * the reason on failure. They exercise the real stacks, so a product that lacks a bundle or a
 * native library fails here rather than in the middle of a user's work.
 */
final class InstallationChecks {

    private InstallationChecks() {
    }

    static String java() {
        int feature = Runtime.version().feature();
        if (feature < 21) {
            throw new IllegalStateException("Java " + feature + " is too old; Fabrica needs 21 or newer");
        }
        return "Java " + Runtime.version() + " at " + System.getProperty("java.home");
    }

    static String opcUa() throws Exception {
        try (OpcUaServerHost host = OpcUaServerHost.builder("Fabrica Doctor").port(freeLoopbackPort()).start()) {
            NodeId folder = host.namespace().addFolder(null, "Doctor");
            NodeId answer = host.namespace().addVariable(folder, "Answer", NodeIds.Int32, 42, false);
            OpcUaClient client = OpcUaClient.create(host.endpointUrl());
            client.connect();
            try {
                Object value = client.readValue(0, TimestampsToReturn.Neither, answer).getValue().getValue();
                if (!Integer.valueOf(42).equals(value)) {
                    throw new IllegalStateException("read " + value + " instead of 42");
                }
            } finally {
                client.disconnect();
            }
            return "server + client on " + host.endpointUrl();
        }
    }

    static String onnxRuntime() throws Exception {
        Path dir = Files.createTempDirectory("fabrica-doctor");
        try {
            // y = 2x + 1, written with Fabrica's own ONNX writer
            new OnnxGraphBuilder("affine").input("x", -1, 3)
                    .initializer("two", new float[] {2f}, 1).initializer("one", new float[] {1f}, 1)
                    .node("Mul", List.of("x", "two"), List.of("x2")).node("Add", List.of("x2", "one"), List.of("y"))
                    .output("y", -1, 3).write(dir.resolve("affine.onnx"));
            float[] y = infer(dir, DjlEngines.ONNX_RUNTIME, "affine", new float[] {0f, 1f, -2f});
            if (!Arrays.equals(y, new float[] {1f, 3f, -3f})) {
                throw new IllegalStateException("y = 2x + 1 gave " + Arrays.toString(y));
            }
            return DjlEngines.engine(DjlEngines.ONNX_RUNTIME).getEngineName() + ", y = 2x + 1 correct";
        } finally {
            deleteQuietly(dir);
        }
    }

    static String pyTorch() {
        Engine engine = DjlEngines.engine(DjlEngines.PYTORCH);
        try (NDManager manager = DjlEngines.newManager(DjlEngines.PYTORCH)) {
            float sum = manager.create(new float[] {1f, 2f, 3f}).sum().getFloat();
            if (sum != 6f) {
                throw new IllegalStateException("1 + 2 + 3 gave " + sum);
            }
        }
        return "PyTorch " + engine.getVersion() + " on CPU";
    }

    private static float[] infer(Path dir, String engine, String name, float[] x) throws Exception {
        try (Model model = DjlEngines.newModel(name, engine)) {
            model.load(dir, name);
            try (NDManager manager = DjlEngines.newManager(engine);
                    Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
                NDList out = predictor.predict(new NDList(manager.create(x, new Shape(1, x.length))));
                return out.singletonOrThrow().toFloatArray();
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
