package io.fabrica.pipeline.djl.anomaly;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DatasetSource;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.data.ImageIndex;
import io.fabrica.pipeline.engine.stages.BuiltinStages;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * The inspection pipeline {@code fabrica new-pipeline inspection} writes for an image folder: the
 * folder's images → resized to a square of the tile size (gray when the images are gray) → anomaly
 * detection learnt from the good images (per-cell Gaussians of a pretrained backbone's features, the
 * PaDiM method, {@link AnomalyRecipe#IMAGES}) → a threshold decision
 * ok / defect → reject alarm and decision log.
 */
public final class InspectionPipelines {

    /** The side images are resized to unless asked otherwise: one tile of the feature extractor. */
    public static final int DEFAULT_SIZE = 256;

    private InspectionPipelines() {
    }

    /**
     * @param stem the file's stem, for the name and the decision log
     * @param folder the image folder
     * @param size the side the images are resized to (a multiple of 32)
     * @return the pipeline
     * @throws IOException if the folder holds no readable image
     */
    public static Pipeline inspection(String stem, Path folder, int size) throws IOException {
        Dataset train = Dataset.open(folder, ImageFolder.Part.TRAIN);
        ImageIndex images = train.images(null);
        boolean gray = isGray(images.entries().get(0).file());
        PipelineBuilder b = new PipelineBuilder(stem + " Inspection");
        DatasetSource source = b.imageDataset("Images", folder.toAbsolutePath().normalize().toString(), BuiltinStages.MAX_IMAGE_VALUES);
        ImagePreprocessStage preprocess = b.image("Resize", size, size);
        preprocess.setGrayscale(gray);
        preprocess.setMean(0);
        preprocess.setDeviation(1);
        AnomalyStage anomaly = b.anomaly("Anomaly (PaDiM)", AnomalyRecipe.IMAGES, size, size * size);
        DecisionStage decision = b.decision("Defect", DecisionKind.THRESHOLD, 1, "ok", "defect");
        b.connect(source, preprocess).connect(preprocess, anomaly).connect(anomaly, decision);
        b.connect(decision, b.alarm("Reject Alarm", "Defective part", 600));
        b.connect(decision, b.log("Decision Log", "decisions/" + stem + ".jsonl"));
        Pipeline pipeline = b.pipeline();
        pipeline.setDescription("Visual inspection made by fabrica new-pipeline for the image folder " + folder
                + ": each image resized to " + size + "x" + size + (gray ? " gray" : " colour")
                + ", anomaly detection learnt from the good images only (patch features of a pretrained network, Mahalanobis distance to"
                + " a Gaussian of the good patches at each position), rejected above the threshold fitted on held-out good images.");
        return pipeline;
    }

    private static boolean isGray(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + ": is not a readable image");
        }
        if (image.getColorModel().getNumColorComponents() == 1) {
            return true;
        }
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xFF) != (rgb & 0xFF) || ((rgb >> 8) & 0xFF) != (rgb & 0xFF)) {
                    return false;
                }
            }
        }
        return true;
    }
}
