package org.vsclab.testing;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;
import org.vsclab.spi.VariationalFamily;

/**
 * A dense Gaussian prior ({@code test-gaussian}) registered only on the framework's test classpath,
 * so runtime tests can train without depending on a plugin module.
 */
public final class TestGaussianPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "test-gaussian", Factory.class);
        register(ComponentKind.ENCODER, "test-loc-only", LocOnlyEncoderFactory.class);
        register(ComponentKind.GENERATOR, "test-nan-gradient", ComponentFactory.of(
                "x = Wz plus √(0·z): finite values, NaN gradients (framework tests only)",
                (settings, context) -> new NanGradientGenerator(context.manager(), context.latentDimension(),
                        context.dataDimension())));
    }

    /**
     * Decodes x = Wz + √(0·z): the value is Wz, but √ at 0 has an infinite derivative and 0·∞ is NaN,
     * so every gradient through the codes is NaN while the loss stays finite.
     */
    static final class NanGradientGenerator implements org.vsclab.spi.Generator {
        private final ai.djl.ndarray.NDArray weight;

        NanGradientGenerator(ai.djl.ndarray.NDManager manager, int latents, int dimension) {
            this.weight = manager.randomNormal(new ai.djl.ndarray.types.Shape(latents, dimension));
        }

        @Override
        public ai.djl.ndarray.NDArray decode(ai.djl.ndarray.NDArray codes, boolean training) {
            ai.djl.ndarray.NDArray zero = org.vsclab.spi.Scalars.times(codes, 0).sqrt().sum(new int[] {1}, true);
            return codes.matMul(weight).add(zero);
        }

        @Override
        public List<org.vsclab.spi.Param> parameters() {
            return List.of();
        }
    }

    /** An encoder that gives only a location head (like a MAP encoder), to test head checks. */
    public static final class LocOnlyEncoderFactory implements ComponentFactory<org.vsclab.spi.Encoder>, org.vsclab.plugin.HeadProvider {
        @Override
        public String description() {
            return "an MLP that gives only the loc head (framework tests only)";
        }

        @Override
        public boolean provides(HeadSpec head) {
            return head.name().equals(HeadSpec.LOC);
        }

        @Override
        public String providedHeads() {
            return "only 'loc'";
        }

        @Override
        public org.vsclab.spi.Encoder create(Settings settings, BuildContext context) {
            return new org.vsclab.components.MlpEncoder(context.manager(), context.dataDimension(), List.of(), context.heads(),
                    context.latentDimension());
        }
    }

    /** Builds the family from {@code priors.test-gaussian.prior-variance}. */
    public static final class Factory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "dense Gaussian posterior with a N(0, s) prior (framework tests only)";
        }

        @Override
        public VariationalFamily create(Settings settings, BuildContext context) {
            return new Family(settings.positive("prior-variance"));
        }
    }

    /** z = μ + σξ, KL(N(μ, σ²) ‖ N(0, s)) in closed form. */
    static final class Family implements VariationalFamily {
        private final double priorVariance;

        Family(double priorVariance) {
            this.priorVariance = priorVariance;
        }

        @Override
        public List<HeadSpec> heads() {
            return List.of(new HeadSpec(HeadSpec.LOC, "mean"), new HeadSpec(HeadSpec.LOG_VARIANCE, "log-variance"));
        }

        @Override
        public CodeSample sample(Heads heads, int samples, SamplingContext context) {
            NDArray mu = heads.get(HeadSpec.LOC);
            NDArray logVar = heads.get(HeadSpec.LOG_VARIANCE);
            NDArray sigma = Scalars.times(logVar, 0.5).exp().expandDims(1);
            NDArray xi = context.normal(new ai.djl.ndarray.types.Shape(mu.getShape().get(0), samples, mu.getShape().get(1)));
            NDArray codes = mu.expandDims(1).add(sigma.mul(xi));
            NDArray kl = Scalars.times(Scalars.minus(Scalars.over(mu.square().add(logVar.exp()), priorVariance)
                    .sub(logVar), 1 - Math.log(priorVariance)), 0.5);
            return new CodeSample(codes, kl.expandDims(1));
        }

        @Override
        public NDArray zeroProbability(Heads heads, SamplingContext context) {
            return heads.get(HeadSpec.LOC).zerosLike();
        }

        @Override
        public double priorNonZeroFraction() {
            return 1;
        }
    }
}
