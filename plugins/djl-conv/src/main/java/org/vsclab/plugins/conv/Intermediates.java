package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;

/**
 * Frees the intermediate arrays of a forward pass as soon as the next operation has used them. DJL
 * keeps an array's native tensor until the array is closed (or its scope ends), while PyTorch frees a
 * tensor as soon as nothing refers to it; closing the Java handle of an intermediate is what PyTorch
 * does when it goes out of scope. It is safe on the gradient path: autograd holds its own references
 * to every tensor the backward pass needs, and a view keeps its base's values alive. Only arrays the
 * layer computed itself may be passed here, never its input, a parameter or an array made from a
 * Java buffer.
 */
final class Intermediates {

    private Intermediates() {}

    /**
     * Returns {@code next} and frees {@code used}, unless they are the same array.
     *
     * @param used an intermediate the caller computed and no longer needs
     * @param next what was computed from it
     * @return next
     */
    static NDArray replace(NDArray used, NDArray next) {
        if (next != used) {
            used.close();
        }
        return next;
    }

    /**
     * Frees intermediates; nulls are skipped.
     *
     * @param arrays the arrays
     */
    static void close(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a != null) {
                a.close();
            }
        }
    }
}
