package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import org.vsclab.kernels.DictionaryKernels;
import org.vsclab.kernels.HostViews;
import org.vsclab.kernels.LinearDecoder;
import org.vsclab.spi.Generator;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Param;
import org.vsclab.spi.Scalars;

/**
 * The linear generator x̂ = Φz with a learned dictionary Φ (D × K), method.md §13. Φ is kept in
 * float64 outside autodiff and enters the loss as a float32 constant; after each step it takes one
 * gradient step on ½‖x − Φz‖² + ρ‖Φ‖²_F using the step's codes and selection weights:
 *
 * <pre>
 *   G = (1/B) Σ_b Σ_j w_bj (x_b − Φ z_bj) z_bjᵀ − 2ρΦ,   Φ ← Φ + η·G,   η = lr · decay^epoch
 * </pre>
 *
 * optionally followed by normalising every column to unit norm. The optional bounded step divides η
 * by max(1, L), L an upper bound on the curvature λ_max(A) of the reconstruction term,
 * A = (1/B) Σ_b Σ_j w_bj z_bj z_bjᵀ: the {@link StepBound#TRACE trace} of A, or the {@link
 * StepBound#GERSHGORIN Gershgorin} bound max_k (1/B) Σ w |z_k|·‖z‖₁, which for sparse codes is
 * smaller by about the number of atoms over the number active (a far larger, still stable step).
 */
public final class LinearDictionary implements Generator, LinearDecoder {

    private static final NDIndex ALL = new NDIndex(":");

    private final NDArray phi;
    private final NDArray phi32;
    private final double learningRate;
    private final double decay;
    private final double frobeniusPenalty;
    private final boolean normalizeColumns;
    private final StepBound stepBound;
    /** The optional replacement of unused atoms, or null (the paper). */
    private final AtomResampling resampling;
    /** Whether Φ and its shadow are CPU arrays the host kernel may update in place. */
    private final boolean onHost;

    /** How the optional bounded step bounds the curvature λ_max(A) of the reconstruction term. */
    public enum StepBound {
        /** No bound: the paper's fixed step. */
        NONE,
        /** L = tr A = (1/B) Σ w ‖z‖²: safe, but for sparse codes about K/k times λ_max. */
        TRACE,
        /** L = max_k (1/B) Σ w |z_k| ‖z‖₁ ≥ the largest Gershgorin row sum of A ≥ λ_max(A). */
        GERSHGORIN
    }

    /**
     * Creates a dictionary with the paper's fixed step (no bound), see the full constructor.
     *
     * @param manager owner of the dictionary
     * @param dimension D
     * @param atoms K
     * @param learningRate the base step size (0.5 in the paper)
     * @param decay the per-epoch decay of the step size (0.99)
     * @param frobeniusPenalty ρ (1e-4)
     * @param normalizeColumns whether to renormalise columns after every update (false in the paper)
     */
    public LinearDictionary(NDManager manager, int dimension, int atoms, double learningRate, double decay,
            double frobeniusPenalty, boolean normalizeColumns) {
        this(manager, dimension, atoms, learningRate, decay, frobeniusPenalty, normalizeColumns, false);
    }

    /**
     * Creates a dictionary with i.i.d. N(0, 1) entries and unit-norm columns.
     *
     * @param manager owner of the dictionary
     * @param dimension D
     * @param atoms K
     * @param learningRate the base step size (0.5 in the paper)
     * @param decay the per-epoch decay of the step size (0.99)
     * @param frobeniusPenalty ρ (1e-4)
     * @param normalizeColumns whether to renormalise columns after every update (false in the paper)
     * @param boundedStep whether to divide the step by max(1, e), e = (1/B) Σ_b Σ_j w_bj ‖z_bj‖² the
     *     codes' energy, which bounds the curvature λ_max((1/B) Σ w z zᵀ) of the reconstruction term: the
     *     step then cannot diverge however large the codes are (false in the paper)
     */
    public LinearDictionary(NDManager manager, int dimension, int atoms, double learningRate, double decay,
            double frobeniusPenalty, boolean normalizeColumns, boolean boundedStep) {
        this(manager, dimension, atoms, learningRate, decay, frobeniusPenalty, normalizeColumns,
                boundedStep ? StepBound.TRACE : StepBound.NONE);
    }

    /**
     * Creates a dictionary with i.i.d. N(0, 1) entries and unit-norm columns.
     *
     * @param manager owner of the dictionary
     * @param dimension D
     * @param atoms K
     * @param learningRate the base step size (0.5 in the paper)
     * @param decay the per-epoch decay of the step size (0.99)
     * @param frobeniusPenalty ρ (1e-4)
     * @param normalizeColumns whether to renormalise columns after every update (false in the paper)
     * @param stepBound how to bound the step ({@link StepBound#NONE} in the paper): η is divided by
     *     max(1, L) with L the chosen bound on the curvature of the reconstruction term
     */
    public LinearDictionary(NDManager manager, int dimension, int atoms, double learningRate, double decay,
            double frobeniusPenalty, boolean normalizeColumns, StepBound stepBound) {
        this(manager, dimension, atoms, learningRate, decay, frobeniusPenalty, normalizeColumns, stepBound, null);
    }

    /**
     * Creates a dictionary with i.i.d. N(0, 1) entries and unit-norm columns and, optionally, the
     * replacement of unused atoms ({@link AtomResampling}).
     *
     * @param manager owner of the dictionary
     * @param dimension D
     * @param atoms K
     * @param learningRate the base step size (0.5 in the paper)
     * @param decay the per-epoch decay of the step size (0.99)
     * @param frobeniusPenalty ρ (1e-4)
     * @param normalizeColumns whether to renormalise columns after every update (false in the paper)
     * @param stepBound how to bound the step ({@link StepBound#NONE} in the paper)
     * @param resample when and which unused atoms to replace, or null for never (the paper)
     */
    LinearDictionary(NDManager manager, int dimension, int atoms, double learningRate, double decay,
            double frobeniusPenalty, boolean normalizeColumns, StepBound stepBound, AtomResampling.Policy resample) {
        NDArray init = manager.randomNormal(new Shape(dimension, atoms)).toType(DataType.FLOAT64, false);
        this.phi = init.div(init.norm(new int[] {0}, true));
        this.phi32 = phi.toType(DataType.FLOAT32, true);
        this.learningRate = learningRate;
        this.decay = decay;
        this.frobeniusPenalty = frobeniusPenalty;
        this.normalizeColumns = normalizeColumns;
        this.stepBound = stepBound;
        this.onHost = HostViews.writable(phi) && HostViews.writable(phi32);
        this.resampling = resample == null ? null : new AtomResampling(resample, phi, atoms);
    }

    /** Returns Φz for each row: (N, K) codes to (N, D); the same in training and evaluation. */
    @Override
    public NDArray decode(NDArray codes, boolean training) {
        return codes.matMul(phi32.transpose());
    }

    /** Returns Φ's float32 shadow, (D, K): what {@link #decode} multiplies by. */
    @Override
    public NDArray decodingDictionary() {
        return phi32;
    }

    /** True: x̂ = Φz row by row, so the max-ELBO fast path may decode the selected samples alone. */
    @Override
    public boolean rowIndependent() {
        return true;
    }

    @Override
    public void update(GeneratorStep step) {
        NDArray codes = step.codes();
        long batch = codes.getShape().get(0);
        NDArray product;
        double energy;
        NDArray datumResiduals;
        if (step.selected().isPresent()) {
            // One sample per datum: Σ_j w_bj r_bj z_bjᵀ = r_b* z_b*ᵀ, a D × B by B × K product in float64.
            GeneratorStep.Selected s = step.selected().get();
            NDArray residual = flatRows(step.data()).sub(flatRows(s.reconstructions())).toType(DataType.FLOAT64, false);
            product = residual.transpose().matMul(s.codes().toType(DataType.FLOAT64, false));
            energy = curvatureBound(s.codes().expandDims(1), null, batch);
            datumResiduals = residual;
        } else {
            energy = curvatureBound(codes, step.weights(), batch);
            long samples = codes.getShape().get(1);
            long atoms = codes.getShape().get(2);
            NDArray data = flatRows(step.data());
            long dimension = data.getShape().get(1);
            NDArray reconstructions = step.reconstructions().reshape(batch, samples, dimension);
            NDArray residual = data.expandDims(1).sub(reconstructions).mul(step.weights().expandDims(2));
            datumResiduals = resampling == null ? null : residual.sum(new int[] {1});
            product = residual.reshape(batch * samples, dimension).transpose()
                    .matMul(codes.reshape(batch * samples, atoms))
                    .toType(DataType.FLOAT64, false);
        }
        double eta = learningRate * Math.pow(decay, step.clock().epoch()) / Math.max(1, energy);
        if (onHost && !normalizeColumns) {
            // One host pass, the engine sequence below operation by operation (float64, then the float32 shadow),
            // with the float64 constants the engine path multiplies by (Scalars keeps about 48 bits of them).
            DictionaryKernels.step(HostViews.doubles(product), HostViews.doubles(phi), HostViews.floats(phi32), batch,
                    Scalars.like(phi, 2 * frobeniusPenalty).getDouble(), Scalars.like(phi, eta).getDouble());
        } else {
            NDArray gradient = product.div(Scalars.like(phi, batch)).sub(Scalars.times(phi, 2 * frobeniusPenalty));
            phi.addi(Scalars.times(gradient, eta));
            if (normalizeColumns) {
                phi.divi(Scalars.atLeast(phi.norm(new int[] {0}, true), 1e-12));
            }
            refreshShadow();
        }
        if (resampling != null) {
            boolean replaced = step.selected().isPresent()
                    ? resampling.afterStep(step.selected().get().codes().expandDims(1), null, datumResiduals, phi, step.clock())
                    : resampling.afterStep(codes, step.weights(), datumResiduals, phi, step.clock());
            if (replaced) {
                refreshShadow();
            }
        }
    }

    /** Copies Φ into its float32 shadow, in place inside the engine: the shadow keeps its identity and layout. */
    private void refreshShadow() {
        phi32.set(ALL, phi.toType(DataType.FLOAT32, false));
    }

    /** The number of atoms the resampling has replaced so far (0 without it). */
    public long atomsResampled() {
        return resampling == null ? 0 : resampling.replaced();
    }

    /**
     * Returns the chosen bound L on λ_max((1/B) Σ_b Σ_j w_bj z_bj z_bjᵀ), 0 without a bound.
     *
     * @param codes (B, J, K)
     * @param weights (B, J), or null for weight 1
     */
    private double curvatureBound(NDArray codes, NDArray weights, long batch) {
        return switch (stepBound) {
            case NONE -> 0;
            case TRACE -> weighted(codes.square().sum(new int[] {2}), weights).sum().getFloat() / batch;
            case GERSHGORIN -> {
                NDArray magnitude = codes.abs();
                // Σ_b Σ_j w_bj |z_bjk| ‖z_bj‖₁ for every k: (B, J, K) × (B, J, 1) summed over b and j.
                NDArray rows = magnitude.mul(weighted(magnitude.sum(new int[] {2}), weights).expandDims(2)).sum(new int[] {0, 1});
                yield rows.max().getFloat() / batch;
            }
        };
    }

    private static NDArray weighted(NDArray perSample, NDArray weights) {
        return weights == null ? perSample : perSample.mul(weights);
    }

    /** Returns (B, …) as (B, D). */
    private static NDArray flatRows(NDArray a) {
        return a.getShape().dimension() == 2 ? a : a.reshape(a.getShape().get(0), -1);
    }

    @Override
    public List<Param> parameters() {
        return List.of();
    }

    @Override
    public List<Param> state() {
        // Both copies: a checkpoint restores every state array in place, and the float32 shadow the
        // loss uses must come back with Φ.
        List<Param> state = new java.util.ArrayList<>(List.of(new Param("dictionary", phi), new Param("dictionary-float32", phi32)));
        if (resampling != null) {
            state.addAll(resampling.state());   // only with the option on: the paper's checkpoints are unchanged
        }
        return state;
    }

    @Override
    public Optional<Matrix> dictionary() {
        Shape s = phi.getShape();
        return Optional.of(new Matrix((int) s.get(0), (int) s.get(1), phi.toDoubleArray()));
    }
}
