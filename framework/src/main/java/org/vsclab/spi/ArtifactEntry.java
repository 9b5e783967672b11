package org.vsclab.spi;

/**
 * One entry of a run's artifact listing, as in MLflow's {@code artifacts/list}.
 *
 * @param path the '/'-separated path under the run's artifact root
 * @param directory whether it is a folder
 * @param size its size in bytes (0 for folders)
 */
public record ArtifactEntry(String path, boolean directory, long size) {}
