package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.family.Ramp;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.Generator;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;
import org.vsclab.spi.SampleSelector;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.spi.Scalars;

/**
 * A variational sparse-coding model assembled from its components, and its forward pass (method.md
 * §3.3): for each datum, J codes from the family, their decodings, the per-sample loss
 * ℓ_bj = (1/D)‖x_b − g(z_bj)‖² + κ Σ_k KL_bk, and the selector's weighted objective
 * (1/B) Σ_b Σ_j w_bj ℓ_bj.
 */
public final class SparseCodingModel {

    private final Encoder encoder;
    private final VariationalFamily family;
    private final Generator generator;
    private final SampleSelector selector;
    private final int samples;
    private final double klWeight;
    private final Ramp klAnnealing;

    /**
     * Assembles a model.
     *
     * @param encoder the inference network
     * @param family the variational family and prior
     * @param generator the generator
     * @param selector the sample selector
     * @param samples J ≥ 1
     * @param klWeight κ ≥ 0
     * @param klAnnealing a factor on κ over the run (constant 1 for none; its end value at evaluation)
     */
    public SparseCodingModel(Encoder encoder, VariationalFamily family, Generator generator, SampleSelector selector,
            int samples, double klWeight, Ramp klAnnealing) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples J must be ≥ 1, not " + samples);
        }
        this.encoder = encoder;
        this.family = family;
        this.generator = generator;
        this.selector = selector;
        this.samples = samples;
        this.klWeight = klWeight;
        this.klAnnealing = klAnnealing;
    }

    /**
     * Runs the forward pass; differentiable when called inside a gradient collector.
     *
     * @param data a batch, (B, D)
     * @param context randomness and schedule position
     * @return the pass's arrays
     */
    public ForwardPass forward(NDArray data, SamplingContext context) {
        Heads heads = encoder.encode(data, context.training());
        double kappa = kappa(context);
        if (selector.selectsOne() && samples > 1) {
            return forwardSelected(data, heads, kappa, context);
        }
        CodeSample sample = family.sample(heads, samples, context);
        NDArray codes = sample.codes();
        NDArray reconstructions = generator.decode(codes);
        Scores scores = score(data, sample, reconstructions, kappa);
        NDArray weights = selector.weights(scores.perSample());
        NDArray loss = scores.perSample().mul(weights).sum(new int[] {1}).mean();
        return new ForwardPass(loss, codes, reconstructions, scores.error(), scores.klSum(), weights, sample.diagnostics(),
                Optional.empty());
    }

    /**
     * The pass for a selector that keeps one sample per datum (max-ELBO): all J samples are drawn and
     * decoded without a gradient graph to score and select them; then the selected sample is drawn
     * again from the recorded noise ({@link ReplayableContext}) with the graph, so the backward pass
     * touches one sample per datum instead of J. The loss and its gradient equal the weighted form's.
     */
    private ForwardPass forwardSelected(NDArray data, Heads heads, double kappa, SamplingContext context) {
        ReplayableContext recorder = new ReplayableContext(context);
        CodeSample all = family.sample(detached(heads), samples, recorder);
        NDArray codes = all.codes();
        NDArray reconstructions = Engines.withoutGradients(() -> generator.decode(codes));
        Scores scores = score(data, all, reconstructions, kappa);
        NDArray weights = selector.weights(scores.perSample());
        NDArray selectedCodes;
        NDArray selectedReconstructions;
        NDArray loss;
        if (context.training()) {
            ReplayableContext.Replay replay = recorder.replay(weights);
            CodeSample chosen = family.sample(heads, 1, replay);
            replay.finish();
            selectedCodes = chosen.codes().squeeze(1);
            NDArray scored = weightedOverSamples(codes, weights);
            NDArray replayed = selectedCodes.stopGradient();
            // NaN where NaN was scored is a match: a non-finite loss is reported by the trainer, with its step.
            if (!replayed.eq(scored).logicalOr(replayed.isNaN().logicalAnd(scored.isNaN())).all().getBoolean()) {
                throw new IllegalStateException("The family's replayed sample differs from the sample it scored: its codes must be a"
                        + " deterministic function of the heads and the context's draws.");
            }
            selectedReconstructions = generator.decode(selectedCodes);
            NDArray chosenKl = chosen.kl().sum(new int[] {2}).squeeze(1);
            loss = penalised(squaredError(data, selectedReconstructions, 1), chosenKl, kappa).mean();
        } else {
            selectedCodes = weightedOverSamples(codes, weights);
            selectedReconstructions = weightedOverSamples(reconstructions, weights);
            loss = scores.perSample().mul(weights).sum(new int[] {1}).mean();
        }
        return new ForwardPass(loss, codes, reconstructions, scores.error(), scores.klSum(), weights, all.diagnostics(),
                Optional.of(new GeneratorStep.Selected(selectedCodes.stopGradient(), selectedReconstructions.stopGradient())));
    }

    /**
     * Infers one code per datum without a gradient graph, as a trained model is used: J samples, and
     * with J &gt; 1 the selector's choice (max-ELBO keeps the best reconstruction; it needs the generator).
     *
     * @param data a batch, (B, D)
     * @param context randomness and state (normally evaluation state)
     * @return codes, (B, K)
     */
    public NDArray infer(NDArray data, SamplingContext context) {
        Heads heads = encoder.encode(data, context.training());
        CodeSample sample = family.sample(heads, samples, context);
        if (samples == 1) {
            return sample.codes().squeeze(1);
        }
        Scores scores = score(data, sample, generator.decode(sample.codes()), kappa(context));
        return weightedOverSamples(sample.codes(), selector.weights(scores.perSample()));
    }

    private static Heads detached(Heads heads) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        heads.asMap().forEach((name, array) -> arrays.put(name, array.stopGradient()));
        return new Heads(arrays);
    }

    /** Returns κ at the context's point of the run (its annealed value). */
    private double kappa(SamplingContext context) {
        return klWeight * klAnnealing.value(context);
    }

    /**
     * The J samples' scores.
     *
     * @param error per-sample mean squared error, (B, J)
     * @param klSum per-sample KL summed over latents, (B, J)
     * @param perSample ℓ_bj = error + κ·KL, (B, J)
     */
    private record Scores(NDArray error, NDArray klSum, NDArray perSample) {}

    /** Scores the J samples of each datum against the data. */
    private static Scores score(NDArray data, CodeSample sample, NDArray reconstructions, double kappa) {
        NDArray error = squaredError(data.expandDims(1), reconstructions, 2);
        NDArray klSum = sample.kl().sum(new int[] {2});
        if (klSum.getShape().get(1) != error.getShape().get(1)) {
            klSum = klSum.broadcast(error.getShape());
        }
        return new Scores(error, klSum, penalised(error, klSum, kappa));
    }

    /** Returns error + κ·KL (the error itself when κ = 0, so that no KL graph is built). */
    private static NDArray penalised(NDArray error, NDArray kl, double kappa) {
        return kappa == 0 ? error : error.add(Scalars.times(kl, kappa));
    }

    /** Returns Σ_j w_bj a_bj· over the sample axis of (B, J, n): the selected sample under one-hot weights. */
    private static NDArray weightedOverSamples(NDArray perSample, NDArray weights) {
        return perSample.mul(weights.expandDims(2)).sum(new int[] {1});
    }

    /** Returns the mean over the last axis of (a − b)², i.e. ‖x − x̂‖²/D. */
    private static NDArray squaredError(NDArray a, NDArray b, int axis) {
        return a.sub(b).square().mean(new int[] {axis});
    }

    /** Returns every parameter trained through the loss (encoder's, then a neural generator's). */
    public List<Param> trainableParameters() {
        List<Param> all = new ArrayList<>();
        encoder.parameters().forEach(p -> all.add(new Param("encoder." + p.name(), p.value())));
        generator.parameters().forEach(p -> all.add(new Param("generator." + p.name(), p.value())));
        return all;
    }

    /** Returns everything a checkpoint holds, with component prefixes. */
    public List<Param> checkpointState() {
        List<Param> all = new ArrayList<>();
        encoder.state().forEach(p -> all.add(new Param("encoder." + p.name(), p.value())));
        generator.state().forEach(p -> all.add(new Param("generator." + p.name(), p.value())));
        return all;
    }

    /** Returns the encoder. */
    public Encoder encoder() {
        return encoder;
    }

    /** Returns the variational family. */
    public VariationalFamily family() {
        return family;
    }

    /** Returns the generator. */
    public Generator generator() {
        return generator;
    }

    /** Returns the sample selector. */
    public SampleSelector selector() {
        return selector;
    }

    /** Returns J. */
    public int samples() {
        return samples;
    }

    /** Returns κ. */
    public double klWeight() {
        return klWeight;
    }
}
