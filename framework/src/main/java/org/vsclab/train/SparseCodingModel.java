package org.vsclab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vsclab.family.Ramp;
import org.vsclab.kernels.HostRows;
import org.vsclab.kernels.HostSampled;
import org.vsclab.kernels.HostViews;
import org.vsclab.kernels.LinearDecoder;
import org.vsclab.kernels.LinearScoring;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.Generator;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;
import org.vsclab.spi.SampleSelector;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;
import org.vsclab.spi.TrainedModel;
import org.vsclab.spi.UsesGenerator;
import org.vsclab.spi.VariationalFamily;

/**
 * A variational sparse-coding model assembled from its components, and its forward pass (method.md
 * §3.3): for each datum, J codes from the family, their decodings, the per-sample loss
 * ℓ_bj = (1/D)‖x_b − g(z_bj)‖² + κ Σ_k KL_bk (the mean over all D values of a sample, whatever its
 * shape), and the selector's weighted objective (1/B) Σ_b Σ_j w_bj ℓ_bj.
 *
 * <p>All B·J samples of a batch are decoded in one call, so a generator with batch normalisation sees
 * them together (method.md §12.6). With a one-sample selector (max-ELBO) and a {@link
 * Generator#rowIndependent() row-independent} generator, the J samples are instead scored without a
 * gradient graph and only the selected one is drawn again, with the graph ({@link ReplayableContext}).
 */
public final class SparseCodingModel implements TrainedModel {

    private final Encoder encoder;
    private final VariationalFamily family;
    private final Generator generator;
    private final SampleSelector selector;
    private final int samples;
    private final double klWeight;
    private final Ramp klAnnealing;
    private final Shape sampleShape;
    private final boolean hostKernels;

    private SparseCodingModel(Builder b) {
        this.encoder = Objects.requireNonNull(b.encoder, "encoder");
        this.family = Objects.requireNonNull(b.family, "family");
        this.generator = Objects.requireNonNull(b.generator, "generator");
        this.selector = Objects.requireNonNull(b.selector, "selector");
        this.sampleShape = Objects.requireNonNull(b.sampleShape, "sample shape");
        if (b.samples < 1) {
            throw new IllegalArgumentException("samples J must be ≥ 1, not " + b.samples);
        }
        if (!(b.klWeight >= 0)) {
            throw new IllegalArgumentException("the KL weight κ must be ≥ 0, not " + b.klWeight);
        }
        this.samples = b.samples;
        this.klWeight = b.klWeight;
        this.klAnnealing = b.klAnnealing;
        this.hostKernels = b.hostKernels;
        for (Object component : List.of(encoder, family)) {
            if (component instanceof UsesGenerator user) {
                user.useGenerator(generator);
            }
        }
    }

    /** Returns a builder: the components and the sample shape are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the loss's forward pass with the training J; differentiable when called inside a gradient
     * collector.
     *
     * @param data a batch, (B, *sample shape)
     * @param context randomness and schedule position
     * @return the pass's arrays
     */
    public ForwardPass forward(NDArray data, SamplingContext context) {
        return forward(data, samples, context);
    }

    @Override
    public ForwardPass forward(NDArray data, int samples, SamplingContext context) {
        Heads heads = encoder.encode(data, context.training());
        double kappa = kappa(context);
        // The graph-free scoring path back-propagates only when training; a differentiable evaluation pass
        // (lossGradients for gradient statistics) takes the general path, whose graph covers all J samples.
        if (selector.selectsOne() && samples > 1 && generator.rowIndependent() && (context.training() || !context.differentiable())) {
            return forwardSelected(data, heads, samples, kappa, context);
        }
        CodeSample sample = family.sample(heads, samples, context);
        NDArray codes = sample.codes();
        NDArray reconstructions = decodeSamples(codes, context.training());
        Scores scores = score(data, sample, reconstructions, kappa);
        NDArray weights = selector.weights(scores.perSample());
        NDArray loss = scores.perSample().mul(weights).sum(new int[] {1}).mean();
        Optional<GeneratorStep.Selected> selected = selector.selectsOne()
                ? Optional.of(new GeneratorStep.Selected(weightedOverSamples(codes, weights).stopGradient(),
                        weightedOverSamples(reconstructions, weights).stopGradient()))
                : Optional.empty();
        return new ForwardPass(loss, codes, reconstructions, scores.error(), scores.klSum(), weights, sample.diagnostics(),
                selected);
    }

    /**
     * The pass for a selector that keeps one sample per datum with a row-independent generator: all J
     * samples are drawn and decoded without a gradient graph to score and select them; then the
     * selected sample is drawn again from the recorded noise ({@link ReplayableContext}) with the
     * graph, so the backward pass touches one sample per datum instead of J. The loss and its gradient
     * equal the weighted form's.
     */
    private ForwardPass forwardSelected(NDArray data, Heads heads, int samples, double kappa, SamplingContext context) {
        ReplayableContext recorder = new ReplayableContext(context);
        Scored all = scoreSamples(data, detached(heads), samples, kappa, recorder);
        NDArray codes = all.codes();
        NDArray reconstructions = all.reconstructions();
        NDArray weights = selector.weights(all.scores().perSample());
        int[] index = HostRows.selected(weights);
        NDArray selectedCodes;
        NDArray selectedReconstructions;
        NDArray loss;
        if (context.training()) {
            ReplayableContext.Replay replay = recorder.replay(weights, index);
            CodeSample chosen = family.sample(heads, 1, replay);
            replay.finish();
            selectedCodes = chosen.codes().squeeze(1);
            checkReplay(selectedCodes.stopGradient(), pick(codes, weights, index), all.onHost());
            selectedReconstructions = reshapeToSamples(generator.decode(selectedCodes, true), selectedCodes.getShape().get(0));
            NDArray chosenKl = chosen.kl().sum(new int[] {2}).squeeze(1);
            loss = penalised(squaredError(flat(data, 1), flat(selectedReconstructions, 1)), chosenKl, kappa).mean();
        } else {
            selectedCodes = pick(codes, weights, index);
            selectedReconstructions = pick(reconstructions, weights, index);
            loss = all.scores().perSample().mul(weights).sum(new int[] {1}).mean();
        }
        return new ForwardPass(loss, codes, reconstructions, all.scores().error(), all.scores().klSum(), weights,
                all.diagnostics(), Optional.of(new GeneratorStep.Selected(selectedCodes.stopGradient(), selectedReconstructions.stopGradient())));
    }

    /**
     * Checks that the replay reproduced the scored codes: exactly when the family scored them itself;
     * when the host kernels drew them, up to the rounding of the noise's transcendental function (an ulp
     * of the noise; rarely, a draw within that of the threshold falls on the other side of it).
     */
    private static void checkReplay(NDArray replayed, NDArray scored, boolean onHost) {
        if (!onHost) {
            // Where the scored codes are not finite (codes that overflow), there is nothing to compare: the
            // non-finite loss is reported by the trainer, with its step.
            NDArray unscorable = scored.isNaN().logicalOr(scored.isInfinite());
            if (!replayed.eq(scored).logicalOr(unscorable).all().getBoolean()) {
                throw new IllegalStateException("The family's replayed sample differs from the sample it scored: its codes must be a"
                        + " deterministic function of the heads and the context's draws.");
            }
            return;
        }
        float[] a = HostViews.copy(replayed);
        float[] b = HostViews.copy(scored);
        float largest = 0;
        for (float v : a) {
            largest = Float.isFinite(v) ? Math.max(largest, Math.abs(v)) : largest;
        }
        float tolerance = 1e-5f * (1 + largest);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isFinite(a[i]) && Float.isFinite(b[i]) && !(Math.abs(a[i] - b[i]) <= tolerance)) {
                differing++;
            }
        }
        if (differing > 2 + a.length / 10_000) {
            throw new IllegalStateException("The host kernels scored codes that the family's replay does not reproduce ("
                    + differing + " of " + a.length + " values differ): the host twin of the family's noise"
                    + " (LocationScaleBase.hostNoise) disagrees with its engine implementation.");
        }
    }

    /**
     * Infers one code per datum with the training J (see {@link #infer(NDArray, int, SamplingContext)}).
     *
     * @param data a batch, (B, *sample shape)
     * @param context randomness and state (normally evaluation state)
     * @return codes, (B, K)
     */
    public NDArray infer(NDArray data, SamplingContext context) {
        return infer(data, samples, context);
    }

    @Override
    public NDArray infer(NDArray data, int samples, SamplingContext context) {
        Heads heads = encoder.encode(data, context.training());
        if (samples == 1) {
            NDArray codes = hostSamples(data) ? ((HostSampled) family).sampleOnHost(heads, 1, context).codes()
                    : family.sample(heads, 1, context).codes();
            return codes.squeeze(1);
        }
        Scored all = scoreSamples(data, heads, samples, kappa(context), context);
        NDArray weights = selector.weights(all.scores().perSample());
        return selector.selectsOne() ? pick(all.codes(), weights, HostRows.selected(weights)) : weightedOverSamples(all.codes(), weights);
    }

    @Override
    public LossGradients lossGradients(NDArray data, int samples, SamplingContext context) {
        ForwardPass pass;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            pass = forward(data, samples, context);
            collector.backward(pass.loss());
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        for (Param p : trainableParameters()) {
            gradients.put(p.name(), p.value().getGradient().duplicate());
            Gradients.clear(p.value());
        }
        GeneratorStep step = new GeneratorStep(data, pass.codes().stopGradient(), pass.reconstructions().stopGradient(),
                pass.weights().stopGradient(), pass.selected(), context.clock());
        return new LossGradients(gradients, step);
    }

    /** Decodes (B, J, K) codes in one call of the generator and returns (B, J, *sample shape). */
    private NDArray decodeSamples(NDArray codes, boolean training) {
        Shape s = codes.getShape();
        NDArray decoded = generator.decode(codes.reshape(s.get(0) * s.get(1), s.get(2)), training);
        return reshapeToSamples(decoded, s.get(0), s.get(1));
    }

    /** Reshapes N decoded rows to (leading..., *sample shape); the element count per row must be D. */
    private NDArray reshapeToSamples(NDArray decoded, long... leading) {
        Shape target = new Shape(leading).addAll(sampleShape);
        if (decoded.getShape().equals(target)) {
            return decoded;
        }
        if (decoded.size() != target.size()) {
            throw new IllegalStateException("The generator decoded " + decoded.getShape() + " from " + new Shape(leading)
                    + " codes, but each sample of the data has shape " + sampleShape + " (" + sampleShape.size() + " values).");
        }
        return decoded.reshape(target);
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

    /**
     * J samples per datum drawn and decoded without a gradient, and their scores.
     *
     * @param codes (B, J, K)
     * @param reconstructions (B, J, *sample shape)
     * @param diagnostics the family's
     * @param scores their scores
     * @param onHost whether the host kernels drew them
     */
    private record Scored(NDArray codes, NDArray reconstructions, Map<String, NDArray> diagnostics, Scores scores, boolean onHost) {}

    /**
     * Draws, decodes and scores J samples per datum without a gradient: on the host where the family
     * can draw there ({@link HostSampled}) and the data is on the CPU, decoding each sample from its
     * non-zeros below the measured density crossover when the generator is a {@link LinearDecoder};
     * otherwise with the family's own sampling and one decoding call of the generator.
     */
    private Scored scoreSamples(NDArray data, Heads heads, int samples, double kappa, SamplingContext context) {
        if (hostSamples(data)) {
            HostSampled.Sample sample = ((HostSampled) family).sampleOnHost(heads, samples, context);
            NDArray codes = sample.codes();
            Shape s = codes.getShape();
            int batch = Math.toIntExact(s.get(0));
            int dimension = Math.toIntExact(sampleShape.size());
            float[] x = HostViews.copy(data);
            float[] errors = new float[batch * samples];
            NDArray reconstructions;
            if (generator instanceof LinearDecoder linear && LinearScoring.prefersSparse(sample.nonZeros().density())) {
                float[][] atoms = LinearScoring.atoms(linear.decodingDictionary());
                reconstructions = HostViews.uninitialized(context.manager(), new Shape((long) batch * samples, dimension));
                LinearScoring.sparseErrors(sample.nonZeros(), atoms, x, samples, errors, HostViews.floats(reconstructions));
                reconstructions = reshapeToSamples(reconstructions, batch, samples);
            } else {
                reconstructions = Engines.withoutGradients(() -> decodeSamples(codes, context.training()));
                LinearScoring.errors(HostViews.floats(reconstructions), x, samples, dimension, errors);
            }
            NDArray error = HostViews.create(context.manager(), errors, new Shape(batch, samples));
            NDArray klSum = sample.kl().sum(new int[] {2});
            if (klSum.getShape().get(1) != samples) {
                klSum = klSum.broadcast(error.getShape());
            }
            return new Scored(codes, reconstructions, sample.diagnostics(), new Scores(error, klSum, penalised(error, klSum, kappa)), true);
        }
        CodeSample sample = family.sample(heads, samples, context);
        NDArray reconstructions = Engines.withoutGradients(() -> decodeSamples(sample.codes(), context.training()));
        return new Scored(sample.codes(), reconstructions, sample.diagnostics(), score(data, sample, reconstructions, kappa), false);
    }

    /** Returns whether the host kernels draw the samples that no gradient flows through. */
    private boolean hostSamples(NDArray data) {
        return hostKernels && family instanceof HostSampled host && host.samplesOnHost() && HostViews.onHost(data);
    }

    /** Scores the J samples of each datum against the data. */
    private static Scores score(NDArray data, CodeSample sample, NDArray reconstructions, double kappa) {
        NDArray error = squaredError(flat(data, 1).expandDims(1), flat(reconstructions, 2));
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

    /**
     * Returns Σ_j w_bj a_bj… over the sample axis of (B, J, …): the selected sample under one-hot
     * weights.
     */
    private static NDArray weightedOverSamples(NDArray perSample, NDArray weights) {
        NDArray w = weights;
        for (int i = 2; i < perSample.getShape().dimension(); i++) {
            w = w.expandDims(i);
        }
        return perSample.mul(w).sum(new int[] {1});
    }

    /**
     * Returns the selected sample of each datum of (B, J, …): gathered by index on the CPU, as the
     * one-hot weighted sum elsewhere.
     */
    private static NDArray pick(NDArray perSample, NDArray weights, int[] index) {
        return HostViews.onHost(perSample) && perSample.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32
                ? HostRows.select(perSample, index, false) : weightedOverSamples(perSample, weights);
    }

    /** Flattens every axis after the first {@code leading} ones. */
    private static NDArray flat(NDArray a, int leading) {
        Shape s = a.getShape();
        if (s.dimension() == leading + 1) {
            return a;
        }
        return a.reshape(s.slice(0, leading).add(-1));
    }

    /** Returns the mean over the last axis of (a − b)², i.e. ‖x − x̂‖²/D. */
    private static NDArray squaredError(NDArray a, NDArray b) {
        return a.sub(b).square().mean(new int[] {b.getShape().dimension() - 1});
    }

    /** Returns every parameter trained through the loss (encoder's, then a neural generator's). */
    public List<Param> trainableParameters() {
        List<Param> all = new ArrayList<>();
        encoder.parameters().forEach(p -> all.add(new Param("encoder." + p.name(), p.value())));
        generator.parameters().forEach(p -> all.add(new Param("generator." + p.name(), p.value())));
        return all;
    }

    /** Returns everything a checkpoint holds of the model, with component prefixes (live arrays). */
    public List<Param> checkpointState() {
        List<Param> all = new ArrayList<>();
        encoder.state().forEach(p -> all.add(new Param("encoder." + p.name(), p.value())));
        generator.state().forEach(p -> all.add(new Param("generator." + p.name(), p.value())));
        return all;
    }

    /**
     * Returns the same model with another J (components shared), e.g. for evaluation with more samples
     * than training uses.
     *
     * @param j the number of samples per datum
     * @return the model
     */
    public SparseCodingModel withSamples(int j) {
        return j == samples ? this : new Builder(this).optSamples(j).build();
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public VariationalFamily family() {
        return family;
    }

    @Override
    public Generator generator() {
        return generator;
    }

    @Override
    public SampleSelector selector() {
        return selector;
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public double klWeight() {
        return klWeight;
    }

    @Override
    public Shape sampleShape() {
        return sampleShape;
    }

    /** Assembles a {@link SparseCodingModel} (DJL style: {@code set*} required, {@code opt*} optional). */
    public static final class Builder {
        private Encoder encoder;
        private VariationalFamily family;
        private Generator generator;
        private SampleSelector selector;
        private Shape sampleShape;
        private int samples = 1;
        private double klWeight;
        private Ramp klAnnealing = Ramp.constant(1);
        private boolean hostKernels = true;

        private Builder() {}

        private Builder(SparseCodingModel m) {
            encoder = m.encoder;
            family = m.family;
            generator = m.generator;
            selector = m.selector;
            sampleShape = m.sampleShape;
            samples = m.samples;
            klWeight = m.klWeight;
            klAnnealing = m.klAnnealing;
            hostKernels = m.hostKernels;
        }

        /** Sets the inference network. */
        public Builder setEncoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** Sets the variational family and prior. */
        public Builder setFamily(VariationalFamily family) {
            this.family = family;
            return this;
        }

        /** Sets the generator. */
        public Builder setGenerator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** Sets the sample selector. */
        public Builder setSelector(SampleSelector selector) {
            this.selector = selector;
            return this;
        }

        /** Sets the shape of one data sample, e.g. (64) or (1, 28, 28). */
        public Builder setSampleShape(Shape sampleShape) {
            this.sampleShape = sampleShape;
            return this;
        }

        /** Sets J ≥ 1, the samples per datum (default 1). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Sets κ ≥ 0, the weight of the KL term (default 0). */
        public Builder optKlWeight(double klWeight) {
            this.klWeight = klWeight;
            return this;
        }

        /** Sets a factor on κ over the run (default constant 1; its end value at evaluation). */
        public Builder optKlAnnealing(Ramp klAnnealing) {
            this.klAnnealing = Objects.requireNonNull(klAnnealing, "klAnnealing");
            return this;
        }

        /**
         * Sets whether the J samples that are scored without a gradient may be drawn, decoded and scored
         * by the host kernels ({@link org.vsclab.kernels}) where the family and the generator allow it
         * (default true). False keeps every operation on the engine, as before the kernels existed: the
         * reference the kernels are tested against.
         */
        public Builder optHostKernels(boolean hostKernels) {
            this.hostKernels = hostKernels;
            return this;
        }

        /** Returns the model. */
        public SparseCodingModel build() {
            return new SparseCodingModel(this);
        }
    }
}
