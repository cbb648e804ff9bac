package io.fabrica.deploy.core;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * What a deployment package holds and needs: stored as {@code manifest.json} at the root of the
 * package, and signed as exactly those bytes ({@code manifest.sig}). Immutable; collections are
 * unmodifiable, entries and engines sorted so the JSON is deterministic.
 *
 * @param format the package format, {@value #FORMAT}
 * @param pipelineId the pipeline's EMF id (UUID): identifies the deployment on a runtime
 * @param pipelineName the pipeline's name
 * @param version the pipeline's version
 * @param created when the package was built, an ISO-8601 instant
 * @param entries every packaged file except the manifest and its signature: entry name (e.g.
 *        {@code pipeline/model.onnx}) to lower-case hex SHA-256 of its bytes
 * @param signals the plant signals the pipeline reads
 * @param engines the inference engines its model stages use, e.g. {@code OnnxRuntime}
 * @param tier the target tier, e.g. {@code edge}; empty if not given
 * @param latencyP99Micros the measured 99th-percentile latency in microseconds; {@code NaN} when
 *        unknown (then absent from the JSON)
 * @param signer the fingerprint of the signing key ({@link Keys#fingerprint}); empty if unsigned
 */
public record PackageManifest(int format, String pipelineId, String pipelineName, String version, String created, Map<String, String> entries,
        List<RequiredSignal> signals, Set<String> engines, String tier, double latencyP99Micros, String signer) {

    /** The package format this code writes and reads. */
    public static final int FORMAT = 1;

    /** The entry name of the manifest. */
    public static final String FILE = "manifest.json";

    /** The entry name of the Ed25519 signature over the manifest's bytes. */
    public static final String SIGNATURE_FILE = "manifest.sig";

    private static final String LATENCY = "latencyP99Micros";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    /** Replaces {@code null} by empty values and makes sorted, unmodifiable copies. */
    public PackageManifest {
        pipelineId = orEmpty(pipelineId);
        pipelineName = orEmpty(pipelineName);
        version = orEmpty(version);
        created = orEmpty(created);
        entries = Collections.unmodifiableSortedMap(entries == null ? new TreeMap<>() : new TreeMap<>(entries));
        signals = signals == null ? List.of() : List.copyOf(signals);
        engines = Collections.unmodifiableSortedSet(engines == null ? new TreeSet<>() : new TreeSet<>(engines));
        tier = orEmpty(tier);
        signer = orEmpty(signer);
    }

    /** @return the manifest as UTF-8 JSON; an unknown latency is left out */
    public byte[] toJson() {
        JsonObject tree = GSON.toJsonTree(this).getAsJsonObject();
        if (Double.isNaN(latencyP99Micros) || Double.isInfinite(latencyP99Micros)) {
            tree.remove(LATENCY);
        }
        return (GSON.toJson(tree) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a manifest.
     *
     * @param json the bytes of {@code manifest.json}
     * @param source names the package in messages
     * @return the manifest
     * @throws PackageException if it is not JSON, has an unknown format or lacks the pipeline id or
     *         entries; the message names the source
     */
    public static PackageManifest fromJson(byte[] json, String source) throws PackageException {
        JsonObject tree;
        try {
            JsonElement parsed = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new PackageException(source + ": " + FILE + " is not a JSON object");
            }
            tree = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new PackageException(source + ": " + FILE + " is not valid JSON: " + e.getMessage(), e);
        }
        int format = formatOf(tree);
        if (format != FORMAT) {
            throw new PackageException(source + ": unknown package format " + (format < 0 ? "(none given)" : format)
                    + "; this Fabrica reads format " + FORMAT + " (update the runtime?)");
        }
        PackageManifest manifest;
        try {
            manifest = GSON.fromJson(tree, PackageManifest.class);
        } catch (RuntimeException e) { // Gson reports wrong types as JsonParseException, IllegalStateException, NumberFormatException
            throw new PackageException(source + ": " + FILE + " is malformed: " + e.getMessage(), e);
        }
        if (manifest.pipelineId().isBlank() || !tree.has("entries")) {
            throw new PackageException(source + ": " + FILE + " lacks the pipeline id or the list of entries");
        }
        boolean latencyKnown = tree.has(LATENCY) && !tree.get(LATENCY).isJsonNull();
        return latencyKnown ? manifest : manifest.withLatency(Double.NaN);
    }

    /** @return the format number, -1 if absent or not a number */
    private static int formatOf(JsonObject tree) {
        JsonElement format = tree.get("format");
        if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber()) {
            return -1;
        }
        return format.getAsInt();
    }

    private PackageManifest withLatency(double micros) {
        return new PackageManifest(format, pipelineId, pipelineName, version, created, entries, signals, engines, tier, micros, signer);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
