package io.fabrica.pipeline.engine.stages;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.Reason;
import io.fabrica.pipeline.api.StageKernel;

/**
 * Appends every decision with its reasons to a JSON-lines file (one object per line), so that each
 * decision can be traced afterwards. The file is opened on the first decision and appended to, never
 * truncated.
 */
final class DecisionLogKernel implements StageKernel {

    private final String path;
    private final Path file;
    private BufferedWriter out;

    DecisionLogKernel(String path, Path file) {
        this.path = path;
        this.file = file;
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Decision d = inputs[0].decision();
        if (d == null) {
            return false;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(json(d));
            out.newLine();
        } catch (IOException e) {
            throw new PipelineException(path + ": cannot write the decision log " + file + ": " + e.getMessage(), e);
        }
        return false;
    }

    static String json(Decision d) {
        StringBuilder s = new StringBuilder(160).append("{\"time\":").append(d.timeMillis())
                .append(",\"stage\":").append(quote(d.stage()))
                .append(",\"outcome\":").append(quote(d.outcome()))
                .append(",\"positive\":").append(d.positive())
                .append(",\"score\":").append(number(d.score()))
                .append(",\"novelty\":").append(number(d.novelty()))
                .append(",\"truth\":").append(quote(d.groundTruth()))
                .append(",\"reasons\":[");
        for (int i = 0; i < d.reasons().size(); i++) {
            Reason r = d.reasons().get(i);
            s.append(i == 0 ? "" : ",").append("{\"input\":").append(quote(r.input())).append(",\"contribution\":")
                    .append(number(r.contribution())).append('}');
        }
        return s.append("]}").toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    private static String quote(String text) {
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // the decisions written so far are on disk; nothing more to save
            }
        }
    }
}
