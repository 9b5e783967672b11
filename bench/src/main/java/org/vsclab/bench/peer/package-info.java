/**
 * The PyTorch peer of {@code vsc bench <step> --peer}: the same step written directly in PyTorch
 * (a script in {@code bench/reference/}, packaged in this module's jar), run in a child process on the
 * same machine and driven step block by step block, interleaved with ours, so that both see the same
 * machine ({@link org.vsclab.bench.peer.SideBySide}).
 *
 * <p>{@link org.vsclab.bench.peer.PeerEnvironment} finds the interpreter: {@code $VSC_PEER_PYTHON};
 * else a virtual environment with PyTorch {@value org.vsclab.bench.peer.PeerEnvironment#TORCH_VERSION}
 * from the Python package index under {@code ~/.cache/vsc-lab/peer/}, created on first use (large:
 * the index's Linux wheels bring CUDA libraries; never in CI or the default install); else Debian's
 * {@code python3-torch}, labelled as the fallback it is. {@link org.vsclab.bench.peer.PeerProcess} speaks
 * the line protocol of {@code bench/reference/vsc_peer.py}. A workload with a peer (linear-step,
 * fmnist-step) needs only its reference script and {@link org.vsclab.bench.peer.SideBySide}.
 */
package org.vsclab.bench.peer;
