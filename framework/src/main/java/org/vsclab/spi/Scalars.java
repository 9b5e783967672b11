package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with constants that is safe on the autodiff path. <strong>Plugin code must use these
 * instead of {@code NDArray.add/sub/mul/div/maximum/minimum(Number)} on any array that carries a
 * gradient.</strong>
 *
 * <p>Why: in DJL 0.36's PyTorch engine, {@code x.mul(2f)} wraps the constant in a tensor backed by a
 * Java direct buffer and releases that buffer as soon as the call returns, while PyTorch's autograd
 * keeps the tensor to compute the backward pass. If the garbage collector frees the buffer before
 * {@code backward()}, the gradient is computed from freed memory: silently wrong gradients and
 * occasional NaN losses (reproduced: 124 of 200 gradients wrong under GC pressure;
 * {@code ScalarsTest} guards the fix). The constants made here are allocated by PyTorch itself and
 * live as long as autograd needs them.
 *
 * <p>Constants are cached and shared: never modify one in place, and do not keep one beyond the
 * computation at hand (the least recently used are freed once 512 are cached).
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a 0-dimensional constant allocated by the engine.
     *
     * @param manager its owner
     * @param value the value (for float64, passed as two float parts: about 48 bits of precision)
     * @param type FLOAT32 or FLOAT64
     * @return the constant
     */
    public static NDArray of(NDManager manager, double value, DataType type) {
        return CACHE.get(manager, value, type);
    }

    private static NDArray create(NDManager manager, double value, DataType type) {
        float high = (float) value;
        NDArray c = manager.full(new Shape(), high, type);
        if (type == DataType.FLOAT64 && high != value) {
            c.addi(manager.full(new Shape(), (float) (value - high), type));
        }
        return c;
    }

    private static final ConstantCache CACHE = new ConstantCache();

    /**
     * The constants of recent calls, per manager, type and value, so that a training step does not
     * allocate the same few dozen 0-d tensors every time. Entries outlive step scopes (they are
     * unregistered from them); the oldest are freed beyond a bound, which is safe because PyTorch
     * keeps any tensor a live graph still holds.
     */
    private static final class ConstantCache {
        private static final int CAPACITY = 512;
        private record Key(NDManager manager, long bits, DataType type) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.manager == manager && k.bits == bits && k.type == type;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(manager) * 31 + Long.hashCode(bits) * 7 + type.ordinal();
            }
        }

        private final java.util.LinkedHashMap<Key, NDArray> entries = new java.util.LinkedHashMap<>(64, 0.75f, true);

        synchronized NDArray get(NDManager manager, double value, DataType type) {
            Key key = new Key(manager, Double.doubleToLongBits(value), type);
            NDArray cached = entries.get(key);
            if (cached != null && !cached.isReleased() && manager.isOpen()) {
                return cached;
            }
            NDArray created = create(manager, value, type);
            ai.djl.ndarray.NDScope.unregister(created);
            entries.put(key, created);
            if (entries.size() > CAPACITY) {
                var eldest = entries.entrySet().iterator();
                while (entries.size() > CAPACITY) {
                    NDArray old = eldest.next().getValue();
                    eldest.remove();
                    if (!old.isReleased()) {
                        old.close();
                    }
                }
            }
            return created;
        }
    }

    /**
     * Returns a 0-dimensional constant with the manager and data type of {@code like}.
     *
     * @param like an array
     * @param value the value
     * @return the constant
     */
    public static NDArray like(NDArray like, double value) {
        return of(like.getManager(), value, like.getDataType());
    }

    /** Returns a + v. */
    public static NDArray plus(NDArray a, double v) {
        return a.add(like(a, v));
    }

    /** Returns a − v. */
    public static NDArray minus(NDArray a, double v) {
        return a.sub(like(a, v));
    }

    /** Returns a · v. */
    public static NDArray times(NDArray a, double v) {
        return a.mul(like(a, v));
    }

    /** Returns a / v. */
    public static NDArray over(NDArray a, double v) {
        return a.div(like(a, v));
    }

    /** Returns max(a, v) element-wise. */
    public static NDArray atLeast(NDArray a, double v) {
        return a.maximum(like(a, v));
    }

    /** Returns a clipped to [lo, hi] element-wise (the gradient passes inside the interval). */
    public static NDArray clip(NDArray a, double lo, double hi) {
        return atLeast(atMost(a, hi), lo);
    }

    /** Returns min(a, v) element-wise. */
    public static NDArray atMost(NDArray a, double v) {
        return a.minimum(like(a, v));
    }
}
