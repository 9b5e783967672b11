package org.vsclab.kernels;

import ai.djl.ndarray.NDArray;

/**
 * A generator that decodes x̂ = Φz with a dictionary the host kernels may read, so that sparse samples
 * can be decoded from their non-zeros. Optional: implemented by the linear dictionary.
 */
public interface LinearDecoder {

    /**
     * Returns Φ as the decoding uses it: a float32 CPU array of shape (D, K), live (not a copy; read
     * it, never write it).
     *
     * @return Φ
     */
    NDArray decodingDictionary();
}
