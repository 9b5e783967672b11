package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.vsclab.spi.Param;

/**
 * Finds the first non-finite array of a list at the cost of one reduction per array and one transfer:
 * the sums are fetched together, and only an array whose sum is not finite is inspected element-wise
 * (a sum may overflow although every element is finite).
 */
final class Finiteness {

    private Finiteness() {}

    /**
     * Returns the name of the first array that holds a NaN or an infinity.
     *
     * @param params the named arrays
     * @param array which array of a param to check (its value, or its gradient)
     * @return the name, or empty if all are finite
     */
    static Optional<String> firstNonFinite(List<Param> params, Function<Param, NDArray> array) {
        if (params.isEmpty()) {
            return Optional.empty();
        }
        NDList sums = new NDList(params.size());
        for (Param p : params) {
            sums.add(array.apply(p).sum().toType(DataType.FLOAT64, false).reshape(1));
        }
        double[] values = NDArrays.concat(sums).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                NDArray a = array.apply(params.get(i));
                if (a.isNaN().logicalOr(a.isInfinite()).any().getBoolean()) {
                    return Optional.of(params.get(i).name());
                }
            }
        }
        return Optional.empty();
    }
}
