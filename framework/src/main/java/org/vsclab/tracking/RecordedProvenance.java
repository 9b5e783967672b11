package org.vsclab.tracking;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSummary;

/**
 * What a run's {@code provenance.json} says, read forward-compatibly: fields this version does not
 * know are ignored, a document of a newer schema version is read for the fields of version 1 (with a
 * note), and a run without the document (made before it existed) is read from its tags, with a note
 * that plugin hashes are then unknown. This is what {@code vsc rerun} re-creates a run from.
 *
 * @param schemaVersion the document's schema version (0 when read from tags)
 * @param configArtifact the artifact holding the resolved configuration ({@code config.conf})
 * @param configSha256 that artifact's SHA-256 when the run was made, if recorded
 * @param seed the run's seed, if recorded
 * @param gitCommit the code version's commit, if recorded
 * @param gitDirty whether the working tree had changes, if recorded
 * @param components every built component, in build order
 * @param data the data's identity (the data source's keys, e.g. a path and a SHA-256)
 * @param notes what the reader could not read as version 1 says, one line each
 */
public record RecordedProvenance(int schemaVersion, String configArtifact, Optional<String> configSha256, Optional<Long> seed,
        Optional<String> gitCommit, Optional<Boolean> gitDirty, List<Component> components, Map<String, String> data,
        List<String> notes) {

    /** The artifact's name. */
    public static final String ARTIFACT = "provenance.json";

    /** The schema this reader knows. */
    public static final String SCHEMA = "vsc-lab/provenance";

    /** The newest schema version this reader knows. */
    public static final int KNOWN_VERSION = 1;

    /**
     * One built component as recorded.
     *
     * @param kind e.g. {@code prior}
     * @param name e.g. {@code thresholded-laplacian}
     * @param jar its plugin jar, if known
     * @param version its version, if known
     * @param sha256 its jar's SHA-256, if known
     */
    public record Component(String kind, String name, Optional<String> jar, Optional<String> version, Optional<String> sha256) {}

    /** Copies the collections. */
    public RecordedProvenance {
        components = List.copyOf(components);
        data = Map.copyOf(data);
        notes = List.copyOf(notes);
    }

    /**
     * Reads a run's provenance from its {@code provenance.json}, or from its tags if it has none.
     *
     * @param catalog the store
     * @param run the run
     * @return what was recorded
     * @throws IOException if the store cannot be read, or the document is not a VSC Lab provenance document
     */
    public static RecordedProvenance read(RunCatalog catalog, RunSummary run) throws IOException {
        Optional<byte[]> bytes = catalog.artifact(run, ARTIFACT);
        if (bytes.isEmpty()) {
            return fromTags(run);
        }
        return parse(new String(bytes.get(), StandardCharsets.UTF_8), run.runId());
    }

    /**
     * Parses a document.
     *
     * @param json its text
     * @param runId the run, for messages
     * @return what it says
     * @throws IOException if it is not JSON or not a VSC Lab provenance document
     */
    public static RecordedProvenance parse(String json, String runId) throws IOException {
        JsonObject doc;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new IOException("the " + ARTIFACT + " of run " + runId + " is not a JSON object");
            }
            doc = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException("the " + ARTIFACT + " of run " + runId + " is not valid JSON: " + e.getMessage(), e);
        }
        String schema = string(doc, "schema").orElse("");
        if (!schema.equals(SCHEMA)) {
            throw new IOException("the " + ARTIFACT + " of run " + runId + " has schema '" + schema + "', not " + SCHEMA);
        }
        int version = doc.has("schemaVersion") && doc.get("schemaVersion").isJsonPrimitive()
                ? doc.get("schemaVersion").getAsInt() : 0;
        List<String> notes = new ArrayList<>();
        if (version > KNOWN_VERSION) {
            notes.add("run " + runId + " was recorded by a newer VSC Lab (provenance schema " + version
                    + "); reading the fields of schema " + KNOWN_VERSION);
        }
        JsonObject config = object(doc, "config");
        JsonObject run = object(doc, "run");
        JsonObject code = object(doc, "code");
        List<Component> components = new ArrayList<>();
        if (doc.has("components") && doc.get("components").isJsonArray()) {
            for (JsonElement e : doc.getAsJsonArray("components")) {
                if (e.isJsonObject()) {
                    JsonObject c = e.getAsJsonObject();
                    components.add(new Component(string(c, "kind").orElse("?"), string(c, "name").orElse("?"), string(c, "jar"),
                            string(c, "version"), string(c, "sha256")));
                }
            }
        }
        Map<String, String> data = new LinkedHashMap<>();
        JsonObject dataPart = object(doc, "data");
        for (Map.Entry<String, JsonElement> e : dataPart.entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                data.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return new RecordedProvenance(version, string(config, "artifact").orElse("config.conf"), string(config, "sha256"),
                run.has("seed") && run.get("seed").isJsonPrimitive() ? Optional.of(run.get("seed").getAsLong()) : Optional.empty(),
                string(code, "gitCommit"),
                code.has("gitDirty") && code.get("gitDirty").isJsonPrimitive() ? Optional.of(code.get("gitDirty").getAsBoolean())
                        : Optional.empty(),
                components, data, notes);
    }

    /** What an older run's tags say: components without hashes, the data's identity tags, the seed. */
    static RecordedProvenance fromTags(RunSummary run) {
        List<Component> components = new ArrayList<>();
        Map<String, String> data = new LinkedHashMap<>();
        run.tags().forEach((k, v) -> {
            if (k.startsWith("vsc.component.")) {
                String name = v.contains(" (") ? v.substring(0, v.indexOf(" (")) : v;
                components.add(new Component(k.substring("vsc.component.".length()).split("\\.")[0], name, Optional.empty(),
                        Optional.empty(), Optional.empty()));
            } else if (k.startsWith("vsc.data.")) {
                data.put(k, v);
            }
        });
        Optional<Long> seed;
        try {
            seed = Optional.ofNullable(run.tags().get("vsc.seed")).map(Long::parseLong);
        } catch (NumberFormatException e) {
            seed = Optional.empty();
        }
        return new RecordedProvenance(0, "config.conf", Optional.empty(), seed,
                Optional.ofNullable(run.tags().get("mlflow.source.git.commit")), Optional.empty(), components, data,
                List.of("run " + run.runId() + " has no " + ARTIFACT + " (it predates it): its data identity comes from"
                        + " its tags, and its plugins' hashes are unknown"));
    }

    private static JsonObject object(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonObject() ? o.getAsJsonObject(key) : new JsonObject();
    }

    private static Optional<String> string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? Optional.of(o.get(key).getAsString()) : Optional.empty();
    }
}
