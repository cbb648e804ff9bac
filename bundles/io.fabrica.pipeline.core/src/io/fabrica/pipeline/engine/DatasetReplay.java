package io.fabrica.pipeline.engine;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import javax.imageio.ImageIO;

import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.DatasetException;
import io.fabrica.pipeline.data.ImageIndex;
import io.fabrica.pipeline.data.MissingValues;
import io.fabrica.pipeline.data.RecordedSignal;
import io.fabrica.pipeline.data.ScalarTable;
import io.fabrica.pipeline.data.WindowSeries;

/**
 * Replays a recorded dataset through a compiled pipeline in time order, as if it arrived live: scalar
 * rows, windows and images of all the pipeline's sources are merged by their source time. The ground
 * truth travels with the values (an image's label is its part defect when the dataset has one).
 * Windows are streamed from disk; scalars are read into memory.
 */
public final class DatasetReplay {

    /** One time-ordered stream of values for one or more sources. */
    private interface Stream extends AutoCloseable {
        long nextTime();

        void pushNext() throws IOException, PipelineException;

        @Override
        void close() throws IOException;
    }

    private DatasetReplay() {
    }

    /**
     * Replays a dataset.
     *
     * @param dataset the dataset
     * @param graph the compiled pipeline; every source must read a signal the dataset recorded
     * @param missing what to do with missing scalar values
     * @param progress progress and cancellation
     * @return the number of values pushed
     * @throws DatasetException if the dataset lacks a signal the pipeline reads, records it in another
     *         unit, or a file is malformed (the message names the file, line and column)
     * @throws PipelineException if a stage fails
     * @throws CancellationException if cancelled
     * @throws IOException if a file cannot be read
     */
    public static long replay(Dataset dataset, CompiledPipeline graph, MissingValues missing, ReplayProgress progress)
            throws IOException, PipelineException {
        List<Stream> streams = streams(dataset, graph, missing);
        long total = 0;
        for (Stream s : streams) {
            total += s instanceof Counted c ? c.count() : 0;
        }
        long done = 0;
        try {
            while (true) {
                Stream next = null;
                for (Stream s : streams) {
                    if (s.nextTime() != Long.MAX_VALUE && (next == null || s.nextTime() < next.nextTime())) {
                        next = s;
                    }
                }
                if (next == null) {
                    return done;
                }
                next.pushNext();
                if (++done % 256 == 0) {
                    progress.worked(done, total);
                    if (progress.cancelled()) {
                        throw new CancellationException("replay cancelled after " + done + " values");
                    }
                }
            }
        } finally {
            progress.worked(done, total);
            for (Stream s : streams) {
                s.close();
            }
        }
    }

    private interface Counted {
        long count();
    }

    private static List<Stream> streams(Dataset dataset, CompiledPipeline graph, MissingValues missing) throws IOException {
        List<SourceInput> scalars = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        try {
            for (SourceInput source : graph.sources()) {
                Signal signal = source.signal();
                if (dataset.isImageFolder()) {
                    streams.add(new ImageStream(imageFolderFor(dataset, source), source));
                    continue;
                }
                if (signal == null) {
                    throw new DatasetException(Dataset.MANIFEST, 0, "the source '" + source.stage().getName()
                            + "' reads no plant signal; only signal sources can be replayed");
                }
                RecordedSignal recorded = dataset.signal(ElementPaths.pathOf(signal));
                checkUnit(recorded, signal);
                if (RecordedSignal.NUMBER_ARRAY.equals(recorded.type())) {
                    streams.add(new WindowStream(dataset.windows(recorded.path()), source));
                } else if (RecordedSignal.IMAGE.equals(recorded.type())) {
                    streams.add(new ImageStream(dataset.images(recorded.path()), source));
                } else {
                    scalars.add(source);
                }
            }
            if (!scalars.isEmpty()) {
                streams.add(new ScalarStream(dataset.scalars(missing), scalars));
            }
            return streams;
        } catch (IOException | RuntimeException e) {
            for (Stream s : streams) {
                s.close();
            }
            throw e;
        }
    }

    /** An image folder feeds every image source (its one signal); a source of anything else cannot be replayed from it. */
    private static ImageIndex imageFolderFor(Dataset dataset, SourceInput source) throws IOException {
        Signal signal = source.signal();
        if (signal != null && signal.getDataType() != io.fabrica.model.plant.DataType.IMAGE) {
            throw new DatasetException(dataset.dir().getFileName().toString(), 0, "is a folder of images, but the source '"
                    + source.stage().getName() + "' reads the " + signal.getDataType().getLiteral() + " signal '" + signal.getName() + "'");
        }
        return dataset.images(null);
    }

    private static void checkUnit(RecordedSignal recorded, Signal signal) throws DatasetException {
        String expected = signal.getUnit() == null ? "" : signal.getUnit();
        String actual = recorded.unit() == null ? "" : recorded.unit();
        if (!expected.equals(actual)) {
            throw new DatasetException(recorded.file(), 0, "signal '" + recorded.path() + "' was recorded in "
                    + (actual.isEmpty() ? "no unit" : actual) + " but the plant (and the pipeline) expects "
                    + (expected.isEmpty() ? "no unit" : expected));
        }
    }

    /** All scalar sources from signals.csv, one row at a time. */
    private static final class ScalarStream implements Stream, Counted {
        private final long[] times;
        private final String[] labels;
        private final double[][] columns;
        private final List<SourceInput> sources;
        private int row;

        ScalarStream(ScalarTable table, List<SourceInput> sources) throws DatasetException {
            this.times = table.timesMillis();
            this.labels = table.labelled() ? table.labels() : null;
            this.sources = sources;
            this.columns = new double[sources.size()][];
            for (int i = 0; i < sources.size(); i++) {
                Signal signal = sources.get(i).signal();
                columns[i] = table.requireColumn(ElementPaths.pathOf(signal), signal.getUnit());
            }
        }

        @Override
        public long nextTime() {
            return row < times.length ? times[row] : Long.MAX_VALUE;
        }

        @Override
        public void pushNext() throws PipelineException {
            String label = labels == null ? "" : labels[row];
            for (int i = 0; i < columns.length; i++) {
                double v = columns[i][row];
                if (Double.isFinite(v)) {
                    sources.get(i).pushScalar(v, times[row], label);
                }
            }
            row++;
        }

        @Override
        public long count() {
            return times.length;
        }

        @Override
        public void close() {
            // in memory
        }
    }

    /** The windows of one array signal, streamed from its file. */
    private static final class WindowStream implements Stream, Counted {
        private final WindowSeries.Cursor cursor;
        private final SourceInput source;
        private final long count;
        private boolean more;

        WindowStream(WindowSeries series, SourceInput source) throws IOException {
            this.count = series.count();
            this.cursor = series.cursor();
            this.source = source;
            this.more = cursor.next();
        }

        @Override
        public long nextTime() {
            return more ? cursor.timeMillis() : Long.MAX_VALUE;
        }

        @Override
        public void pushNext() throws IOException, PipelineException {
            double[] samples = cursor.samples();
            source.pushSamples(samples, samples.length, cursor.timeMillis(), cursor.label());
            more = cursor.next();
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            cursor.close();
        }
    }

    /** The images of one image signal, decoded one at a time. */
    private static final class ImageStream implements Stream, Counted {
        private final List<ImageIndex.Entry> entries;
        private final SourceInput source;
        private int next;

        ImageStream(ImageIndex index, SourceInput source) {
            this.entries = index.entries();
            this.source = source;
        }

        @Override
        public long nextTime() {
            return next < entries.size() ? entries.get(next).timeMillis() : Long.MAX_VALUE;
        }

        @Override
        public void pushNext() throws IOException, PipelineException {
            ImageIndex.Entry entry = entries.get(next++);
            BufferedImage image;
            try {
                image = ImageIO.read(entry.file().toFile());
            } catch (IOException e) {
                throw new DatasetException(entry.file().getFileName().toString(), 0, "is not a readable image: " + e.getMessage(), e);
            }
            if (image == null) {
                throw new DatasetException(entry.file().getFileName().toString(), 0, "is not a readable image (corrupt or not PNG/JPEG/BMP)");
            }
            String truth = entry.defect() != null && !entry.defect().isEmpty() ? entry.defect() : entry.label();
            source.pushImage(image, entry.timeMillis(), truth);
        }

        @Override
        public long count() {
            return entries.size();
        }

        @Override
        public void close() {
            // images are read one by one
        }
    }
}
