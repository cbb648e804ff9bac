package io.fabrica.pipeline.data;

/**
 * What {@link ScalarTable} does with a missing value: a blank cell (no value received yet, or a bad
 * quality sample), a non-finite number ({@code NaN}, {@code Infinity}) or a blank label.
 * Cells that are not numbers at all are always an error.
 */
public enum MissingValues {
    /** Refuse the table: the error names the file, the line and the column of the first missing value. */
    FAIL,
    /** Leave out every row that has a missing value in any column (columns, labels and times stay aligned). */
    DROP_ROW,
    /**
     * Take the value of the previous row of the same column; rows at the start, before every column
     * has had a value, are left out.
     */
    FORWARD_FILL
}
