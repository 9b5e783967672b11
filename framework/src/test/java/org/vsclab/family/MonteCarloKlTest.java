package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Scalars;
import org.vsclab.spi.TrainingClock;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;
import org.vsclab.train.EngineSamplingContext;

/**
 * The Monte-Carlo KL of a base without a closed form, checked on the Laplace base, which has one:
 * the estimate and its reparameterised gradient in μ match the closed form within their Monte-Carlo
 * error.
 */
class MonteCarloKlTest {

    private static final double PRIOR_SCALE = 0.1;
    private static final int DRAWS = 400_000;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(5);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** ln Laplace(u; μ, b) − ln Laplace(u; 0, b_p) = −|u − μ|/b − ln b + |u|/b_p + ln b_p. */
    private static NDArray laplaceLogRatio(NDArray u, NDArray loc, NDArray scale) {
        NDArray own = u.sub(loc).abs().div(scale).add(scale.log()).neg();
        return Scalars.plus(own.add(Scalars.over(u.abs(), PRIOR_SCALE)), Math.log(PRIOR_SCALE));
    }

    @Test
    void theEstimateAndItsGradientMatchTheClosedForm() {
        LaplaceBase base = new LaplaceBase(PRIOR_SCALE);
        double mu = 0.15;
        double logScale = Math.log(0.07);
        NDArray loc = manager.full(new Shape(1, 1), (float) mu, DataType.FLOAT32);
        NDArray rawScale = manager.full(new Shape(1, 1), (float) logScale, DataType.FLOAT32);
        double closed = base.kl(loc, rawScale).getFloat(0, 0);

        // The spread of single draws ln q(u) − ln p(u), from draws of their own, sets the estimate's tolerance.
        EngineSamplingContext context = new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), true, new SplittableRandom(5));
        NDArray scale = manager.full(new Shape(1, 1, 1), (float) Math.exp(logScale));
        NDArray u = base.unitNoise(new Shape(1, DRAWS, 1), context).mul(scale).add(loc.expandDims(1));
        float[] terms = laplaceLogRatio(u, loc.expandDims(1), scale).toFloatArray();
        double sd = Stats.std(terms);

        loc.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray estimate = MonteCarloKl.estimate(base, loc, rawScale, context, DRAWS, MonteCarloKlTest::laplaceLogRatio);
            assertThat(estimate.getShape()).isEqualTo(new Shape(1, 1));
            gc.backward(estimate);
            Stats.assertMean("Monte-Carlo KL", estimate.getFloat(0, 0), sd, closed, DRAWS);
        }
        // ∂KL/∂μ = sign(μ)(1 − e^{−|μ|/b})/b_p; each draw's gradient is sign(u)/b_p, so its sd is at most 1/b_p.
        double analytic = Math.signum(mu) * (1 - Math.exp(-Math.abs(mu) / Math.exp(logScale))) / PRIOR_SCALE;
        Stats.assertMean("∂KL/∂μ", loc.getGradient().getFloat(0, 0), 1 / PRIOR_SCALE, analytic, DRAWS);
    }
}
