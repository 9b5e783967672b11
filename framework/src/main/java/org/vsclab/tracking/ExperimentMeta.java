package org.vsclab.tracking;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An experiment folder of a file store and what its {@code meta.yaml} says.
 *
 * @param dir the experiment's folder
 * @param id its id (from {@code meta.yaml}, else the folder name)
 * @param name its name
 * @param lifecycleStage {@code active} or {@code deleted}
 * @param artifactLocation its artifact location URI, or empty if none is recorded
 */
record ExperimentMeta(Path dir, String id, String name, String lifecycleStage, Optional<String> artifactLocation) {

    /** Folders of the store root that are not experiments. */
    static final Set<String> RESERVED_ROOT_FOLDERS = Set.of(".trash", "models");

    static final String META_FILE = "meta.yaml";

    static final String ACTIVE = "active";

    static final String DELETED = "deleted";

    /** Tells whether the experiment is active (not deleted). */
    boolean isActive() {
        return ACTIVE.equals(lifecycleStage);
    }

    /**
     * Lists the experiments directly under {@code parent} (the store root, or its {@code .trash}),
     * skipping reserved folders, files, and folders without a readable {@code meta.yaml}.
     */
    static List<ExperimentMeta> scan(Path parent) throws IOException {
        return scan(parent, new StoreProblems());
    }

    /**
     * Lists the experiments under {@code parent} like {@link #scan(Path)}, reporting each folder
     * that is not a readable experiment (hidden folders, {@code .trash} and {@code models} are not
     * reported).
     */
    static List<ExperimentMeta> scan(Path parent, StoreProblems problems) throws IOException {
        List<ExperimentMeta> result = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return result;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (RESERVED_ROOT_FOLDERS.contains(name) || name.startsWith(".")) {
                    continue;
                }
                read(dir, problems).ifPresent(result::add);
            }
        }
        result.sort((a, b) -> a.dir().getFileName().toString().compareTo(b.dir().getFileName().toString()));
        return result;
    }

    /** Reads one experiment folder; empty (reported) if it has no readable meta.yaml with a name. */
    static Optional<ExperimentMeta> read(Path dir, StoreProblems problems) {
        Map<String, Object> meta;
        try {
            Optional<Map<String, Object>> read = MlflowYaml.read(dir.resolve(META_FILE));
            if (read.isEmpty()) {
                problems.add(dir, "no " + META_FILE + " (not an MLflow experiment; skipped)");
                return Optional.empty();
            }
            meta = read.get();
        } catch (IOException e) {
            problems.add(dir.resolve(META_FILE), FileRunCatalog.reason(e) + " (experiment skipped)");
            return Optional.empty();
        }
        Object name = meta.get("name");
        if (name == null) {
            problems.add(dir.resolve(META_FILE), "has no name (experiment skipped)");
            return Optional.empty();
        }
        String id = meta.get("experiment_id") == null
                ? dir.getFileName().toString()
                : String.valueOf(meta.get("experiment_id"));
        String stage = meta.get("lifecycle_stage") == null ? ACTIVE : String.valueOf(meta.get("lifecycle_stage"));
        Optional<String> location = Optional.ofNullable(meta.get("artifact_location")).map(String::valueOf);
        return Optional.of(new ExperimentMeta(dir, id, String.valueOf(name), stage, location));
    }

    /** The {@code meta.yaml} content of a new experiment. */
    static Map<String, Object> newMeta(String id, String name, String artifactLocation, long now) {
        Map<String, Object> meta = new TreeMap<>();
        meta.put("artifact_location", artifactLocation);
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", ACTIVE);
        meta.put("name", name);
        return meta;
    }
}
