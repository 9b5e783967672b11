package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.SamplingContext;

/**
 * Everything one forward pass computed for a batch.
 *
 * @param loss the scalar objective (1/B) Σ_b Σ_j w_bj ℓ_bj
 * @param codes the codes, (B, J, K)
 * @param reconstructions their decodings, (B, J, *sample shape)
 * @param reconstructionError per-sample mean squared error over all values of a sample, (B, J)
 * @param klSum per-sample KL summed over latents, (B, J)
 * @param weights the selector's weights, (B, J)
 * @param diagnostics the family's diagnostics (e.g. the mean noise scale), logged as their means
 * @param selected with a one-sample selector: the selected codes (B, K) and their reconstructions
 *     (B, *sample shape), both detached
 */
public record ForwardPass(
        NDArray loss, NDArray codes, NDArray reconstructions, NDArray reconstructionError, NDArray klSum,
        NDArray weights, Map<String, NDArray> diagnostics, Optional<GeneratorStep.Selected> selected)
        implements org.vsclab.spi.ModelPass {

    /** Metric names, in the order {@link #metrics()} returns them. */
    public static final String LOSS = "loss";
    /** Weighted mean squared reconstruction error per pixel. */
    public static final String RECONSTRUCTION = "recon";
    /** Weighted KL summed over latents (before κ). */
    public static final String KL = "kl";
    /** Weighted fraction of non-zero codes. */
    public static final String NONZERO = "nonzero_frac";
    /** Weighted mean number of non-zero codes per datum (L0). */
    public static final String L0 = "l0";

    /**
     * Returns the scalar metrics, fetched from the engine in one transfer.
     *
     * @return loss, recon, kl, nonzero_frac, l0 (weighted means over the batch), then the family's
     *     diagnostics (plain means)
     */
    public Map<String, Double> metrics() {
        long latents = codes.getShape().get(2);
        NDArray w = weights.stopGradient();
        // With one-hot weights the weighted count is the selected codes' count (integers: exactly), over B·K values instead of B·J·K.
        NDArray nonzero = selected.isPresent()
                ? nonZeros(selected.get().codes(), 1).mean()
                : nonZeros(codes, 2).mul(w).sum(new int[] {1}).mean();
        NDList scalars = new NDList(
                loss.stopGradient().reshape(1),
                reconstructionError.stopGradient().mul(w).sum(new int[] {1}).mean().reshape(1),
                klSum.stopGradient().mul(w).sum(new int[] {1}).mean().reshape(1),
                nonzero.reshape(1));
        List<String> names = new ArrayList<>(new TreeMap<>(diagnostics).keySet());
        for (String name : names) {
            scalars.add(diagnostics.get(name).stopGradient().mean().reshape(1).toType(DataType.FLOAT32, false));
        }
        float[] v = NDArrays.concat(scalars).toFloatArray();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(LOSS, (double) v[0]);
        out.put(RECONSTRUCTION, (double) v[1]);
        out.put(KL, (double) v[2]);
        out.put(NONZERO, v[3] / (double) latents);
        out.put(L0, (double) v[3]);
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), (double) v[4 + i]);
        }
        return out;
    }

    /** Returns the number of non-zero values along an axis. */
    private static NDArray nonZeros(NDArray a, int axis) {
        return a.stopGradient().neq(0).toType(DataType.FLOAT32, false).sum(new int[] {axis});
    }

    /**
     * Returns one code per datum: sample j drawn from Categorical(w_b·), which under max-ELBO is the
     * selected sample (method.md §10, "logged selected code").
     *
     * @param context supplies the uniform draw
     * @return codes of shape (B, K), detached
     */
    public NDArray drawSelectedCodes(SamplingContext context) {
        NDArray w = weights.stopGradient();
        long batch = w.getShape().get(0);
        NDArray u = context.uniform(new ai.djl.ndarray.types.Shape(batch, 1));
        NDArray chosen = w.cumSum(1).gt(u).toType(DataType.FLOAT32, false);
        NDArray firstTrue = chosen.argMax(1).oneHot((int) w.getShape().get(1)).toType(DataType.FLOAT32, false);
        return codes.stopGradient().mul(firstTrue.expandDims(2)).sum(new int[] {1});
    }
}
