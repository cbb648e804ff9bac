package io.fabrica.pipeline.data;

/**
 * One signal of a dataset, as listed in {@code dataset.json}.
 *
 * @param path the element path of the signal in the plant model ({@code Plant/Site/…/Signal})
 * @param id the model id of the signal (may be empty)
 * @param type the data type literal: {@code Boolean}, {@code Int}, {@code Float}, {@code Double},
 *        {@code String}, {@code NumberArray} or {@code Image}
 * @param unit the unit code (UCUM, e.g. {@code Cel}), empty when the signal has none
 * @param file the file holding its values, relative to the dataset folder: {@code signals.csv},
 *        {@code windows/<slug>.csv} or {@code images/<slug>/index.csv}
 */
public record RecordedSignal(String path, String id, String type, String unit, String file) {

    /** The type literal of array signals, recorded as windows. */
    public static final String NUMBER_ARRAY = "NumberArray";
    /** The type literal of image signals. */
    public static final String IMAGE = "Image";
    /** The type literal of text signals (a text column of {@code signals.csv}). */
    public static final String STRING = "String";

    /**
     * Whether this signal is a column of {@code signals.csv}.
     *
     * @return true unless it is an array or image signal
     */
    public boolean isScalar() {
        return !isWindows() && !isImages();
    }

    /**
     * Whether this signal is recorded as windows in {@code windows/<slug>.csv}.
     *
     * @return true for {@code NumberArray} signals
     */
    public boolean isWindows() {
        return NUMBER_ARRAY.equals(type);
    }

    /**
     * Whether this signal is recorded as PNG images with an {@code index.csv}.
     *
     * @return true for {@code Image} signals
     */
    public boolean isImages() {
        return IMAGE.equals(type);
    }

    /**
     * The header of this signal's column in {@code signals.csv}, as the recorder writes it.
     *
     * @return {@code path} or {@code path [unit]}
     */
    public String columnHeader() {
        return unit.isEmpty() ? path : path + " [" + unit + "]";
    }
}
