package org.vsclab.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.Contribution;

/**
 * Every component an experiment built, in build order, with where its code came from: what run
 * parameters, provenance and {@code vsc rerun} are made from (Tribuo's provenance idea: the record of
 * what was built, not a second description of it).
 */
public final class BuildRecord {

    /**
     * One built component.
     *
     * @param kind the kind's name, e.g. {@code prior}
     * @param name the registered name, e.g. {@code thresholded-laplacian}
     * @param settingsPath the config path of its settings, e.g. {@code priors.thresholded-laplacian}
     * @param selectedBy the key that named it
     * @param factory the factory's class name
     * @param source where its plugin was found (as {@code vsc plugins} shows it)
     * @param location the jar or classes folder of its plugin, when known
     * @param version the jar's version (manifest or Maven metadata), when it has one
     * @param sha256 the jar's SHA-256 (absent for classes folders)
     */
    public record Entry(String kind, String name, String settingsPath, String selectedBy, String factory, String source,
            Optional<Path> location, Optional<String> version, Optional<String> sha256) {}

    private static final Map<Path, Optional<String>> HASHES = new ConcurrentHashMap<>();
    private static final Map<Path, Optional<String>> VERSIONS = new ConcurrentHashMap<>();

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Records a build.
     *
     * @param kind the kind
     * @param name the registered name
     * @param selectedBy the key that named it
     * @param contribution its registration (where it came from)
     */
    synchronized void add(ComponentKind<?> kind, String name, String selectedBy, Contribution contribution) {
        Optional<Path> location = contribution.location();
        entries.add(new Entry(kind.name(), name, kind.settingsPath(name), selectedBy, contribution.factory().getName(),
                contribution.source(), location, location.flatMap(BuildRecord::version), location.flatMap(BuildRecord::sha256)));
    }

    /** Returns every entry, in build order. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Returns the first entry of a kind (e.g. the prior), if one was built. */
    public synchronized Optional<Entry> first(ComponentKind<?> kind) {
        return entries.stream().filter(e -> e.kind().equals(kind.name())).findFirst();
    }

    /** Returns whether a settings path (e.g. {@code priors.laplacian}) belongs to a built component. */
    public synchronized boolean built(String settingsPath) {
        return entries.stream().anyMatch(e -> e.settingsPath().equals(settingsPath));
    }

    /** Returns the SHA-256 of a jar (cached), or empty for a folder or an unreadable file. */
    static Optional<String> sha256(Path jar) {
        return HASHES.computeIfAbsent(jar, p -> {
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return Optional.of(HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
            } catch (IOException | NoSuchAlgorithmException e) {
                return Optional.empty();
            }
        });
    }

    /** Returns a jar's Implementation-Version, or the version of its Maven metadata. */
    static Optional<String> version(Path jar) {
        return VERSIONS.computeIfAbsent(jar, p -> {
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try (JarFile file = new JarFile(p.toFile())) {
                Manifest manifest = file.getManifest();
                String v = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
                if (v != null) {
                    return Optional.of(v);
                }
                var properties = file.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                        && e.getName().endsWith("/pom.properties")).findFirst();
                if (properties.isPresent()) {
                    java.util.Properties props = new java.util.Properties();
                    try (InputStream in = file.getInputStream(properties.get())) {
                        props.load(in);
                    }
                    return Optional.ofNullable(props.getProperty("version"));
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }
}
