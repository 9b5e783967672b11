package org.vsclab.bench.peer;

import java.nio.file.Path;

/**
 * The interpreter a peer runs on.
 *
 * @param executable the Python executable
 * @param label what it is, as printed beside the peer's figures (e.g. "PyTorch 2.7.1 (virtual environment …)")
 * @param fallback true for Debian's python3-torch, which is not the PyTorch 2.x peer the comparison asks for
 */
public record PeerPython(Path executable, String label, boolean fallback) {}
