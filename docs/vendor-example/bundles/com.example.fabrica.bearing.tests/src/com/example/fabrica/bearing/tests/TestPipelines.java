package com.example.fabrica.bearing.tests;

import java.nio.file.Path;

import com.example.fabrica.bearing.EnvelopeSpectrumStage;
import com.example.fabrica.bearing.stages.EnvelopeStages;

import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.Site;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * A minimal plant (one spindle with a vibration signal delivering whole windows) and the pipeline
 * "vibration source → envelope spectrum" that the tests compile, run, save and load.
 */
final class TestPipelines {

    /** The built pipeline with its two stages. */
    record Built(PipelineBuilder builder, SignalSource source, EnvelopeSpectrumStage envelope) {
    }

    private TestPipelines() {
    }

    /**
     * A plant file with one array signal "Vibration" of {@code windowLength} samples at {@code sampleRate}.
     *
     * @param file where to save the plant (so pipelines can refer to the signal by href)
     * @param windowLength samples per update
     * @param sampleRate samples per second
     * @return the signal
     */
    static Signal vibrationSignal(Path file, int windowLength, double sampleRate) throws Exception {
        PlantFactory f = PlantFactory.eINSTANCE;
        Enterprise enterprise = f.createEnterprise();
        enterprise.setName("Example Corp");
        Site site = f.createSite();
        site.setName("Plant 1");
        Area area = f.createArea();
        area.setName("Machining");
        Line line = f.createLine();
        line.setName("Line 1");
        Equipment spindle = f.createEquipment();
        spindle.setName("Spindle");
        Signal vibration = f.createSignal();
        vibration.setName("Vibration");
        vibration.setDataType(DataType.NUMBER_ARRAY);
        vibration.setArrayLength(windowLength);
        vibration.setUnit("m/s²");
        vibration.setSamplingInterval(windowLength * 1000.0 / sampleRate); // one whole window per update
        enterprise.getSites().add(site);
        site.getAreas().add(area);
        area.getLines().add(line);
        line.getEquipment().add(spindle);
        spindle.getSignals().add(vibration);
        PlantFiles.save(enterprise, file);
        return vibration;
    }

    /**
     * Source → envelope spectrum (defaults of the model: 10240 Hz, band 2000..4000 Hz, 64 bins to 500 Hz).
     *
     * @param vibration the source's signal
     * @return the pipeline "bearing" with its stages
     */
    static Built sourceToEnvelope(Signal vibration) {
        PipelineBuilder b = new PipelineBuilder("bearing");
        SignalSource source = b.source("Vibration", vibration);
        EnvelopeSpectrumStage envelope = EnvelopeStages.create("Envelope");
        b.pipeline().getStages().add(envelope);
        b.connect(source, envelope);
        return new Built(b, source, envelope);
    }
}
