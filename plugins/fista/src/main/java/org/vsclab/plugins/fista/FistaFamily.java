package org.vsclab.plugins.fista;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.family.Ramp;
import org.vsclab.numerics.Fista;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Generator;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.UsesGenerator;
import org.vsclab.spi.VariationalFamily;

/**
 * FISTA as a method (method.md §14.2): each datum's code is the FISTA solution of
 * min_z ½‖x − Φz‖² + τ‖z‖₁ on the generator's current dictionary Φ, with τ = λ_SC·c and the warm-up c
 * (0.1 rising to 1; 1 at evaluation). The codes are deterministic, so every one of the J draws is the
 * same (use J = 1), the KL is 0, and nothing is trained through the loss: the dictionary learns by its
 * own rule from these codes, as in the reference's FISTA training.
 */
public final class FistaFamily implements VariationalFamily, UsesGenerator {

    private final double lambda;
    private final Ramp warmup;
    private final int maxIterations;
    private final double tolerance;
    private Generator generator;

    /**
     * Creates the method.
     *
     * @param lambda λ_SC (20 in the paper)
     * @param warmup c over the run
     * @param maxIterations FISTA's cap (500)
     * @param tolerance its relative-change tolerance (1e-3)
     */
    public FistaFamily(double lambda, Ramp warmup, int maxIterations, double tolerance) {
        this.lambda = lambda;
        this.warmup = warmup;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    @Override
    public void useGenerator(Generator generator) {
        if (generator.dictionary().isEmpty()) {
            throw new IllegalArgumentException("model.prior = fista needs a linear generator (one with a dictionary), such as"
                    + " linear-dictionary");
        }
        this.generator = generator;
    }

    @Override
    public List<HeadSpec> heads() {
        return List.of(IdentityEncoder.DATA);
    }

    /** Returns τ = λ_SC·c at the context's point of the run. */
    public double tau(SamplingContext context) {
        return lambda * warmup.value(context);
    }

    @Override
    public CodeSample sample(Heads heads, int samples, SamplingContext context) {
        NDArray codes = solve(heads.get(IdentityEncoder.DATA.name()), context);
        long batch = codes.getShape().get(0);
        long latents = codes.getShape().get(1);
        NDArray expanded = codes.expandDims(1);
        NDArray all = samples == 1 ? expanded : expanded.repeat(1, samples);
        return new CodeSample(all, context.manager().zeros(new Shape(batch, 1, latents)), Map.of("tau",
                context.manager().full(new Shape(batch, 1, latents), (float) tau(context))));
    }

    /** Solves for the codes of a batch (B, D) → (B, K). */
    private NDArray solve(NDArray data, SamplingContext context) {
        if (generator == null) {
            throw new IllegalStateException("the FISTA family has not been given the model's generator");
        }
        Matrix phi = generator.dictionary().orElseThrow();
        long batch = data.getShape().get(0);
        long dimension = data.getShape().get(1);
        if (dimension != phi.rows()) {
            throw new IllegalArgumentException("the data have " + dimension + " values per sample but the dictionary has "
                    + phi.rows() + " rows; model.prior = fista needs model.encoder = identity");
        }
        float[] x = data.toType(DataType.FLOAT32, false).toFloatArray();
        INDArray columns = Nd4j.create(x, new long[] {batch, dimension}).transpose();
        Fista.Result result = new Fista(phi).solve(columns, tau(context), maxIterations, tolerance);
        float[] codes = result.codes().transpose().dup('c').data().asFloat();
        NDManager manager = context.manager();
        return manager.create(codes, new Shape(batch, phi.cols()));
    }

    @Override
    public NDArray zeroProbability(Heads heads, SamplingContext context) {
        return solve(heads.get(IdentityEncoder.DATA.name()), context).eq(0).toType(DataType.FLOAT32, false);
    }

    @Override
    public double priorNonZeroFraction() {
        return 1;
    }

    @Override
    public Map<String, String> derivedSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("tau-at-evaluation", String.valueOf(lambda * warmup.to()));
        return out;
    }
}
