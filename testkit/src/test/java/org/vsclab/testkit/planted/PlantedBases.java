package org.vsclab.testkit.planted;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/** Correct bases with one method made wrong, one mistake per class, each named for its mistake. */
final class PlantedBases {

    private PlantedBases() {}

    /** λ from the Laplace formula b_p·ln(1/p) on a logistic prior (the case); its tail is right. */
    static final class WrongCalibration extends TestLogistic {
        WrongCalibration(double priorScale) {
            super(priorScale);
        }

        @Override
        public double calibrate(double nonZeroFraction) {
            return priorScale * Math.log(1 / nonZeroFraction);
        }
    }

    /**
     * The Laplace calibration and prior tail on a logistic posterior: consistent with each other, so the
     * family claims the target fraction, but its samples have another.
     */
    static final class LaplaceFormulasOnLogistic extends TestLogistic {
        LaplaceFormulasOnLogistic(double priorScale) {
            super(priorScale);
        }

        @Override
        public double calibrate(double nonZeroFraction) {
            return priorScale * Math.log(1 / nonZeroFraction);
        }

        @Override
        public double priorTailProbability(double lambda) {
            return Math.exp(-Math.abs(lambda) / priorScale);
        }
    }

    /**
     * The KL minus (x − 1)²·e^{−100(x − 1)²} with x = b/b_p: zero at the prior, right far from it,
     * slightly negative just off it.
     */
    static final class NegativeKlNearPrior extends TestLaplace {
        NegativeKlNearPrior(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray kl(NDArray loc, NDArray rawScale) {
            NDArray d = Scalars.minus(Scalars.over(rawScale.exp(), priorScale), 1).square();
            return laplace.kl(loc, rawScale).sub(d.mul(Scalars.times(d, -100).exp()));
        }
    }

    /** The Laplace KL written with NDArray.div(Number): the same values, a freed constant on the gradient path. */
    static final class NumberArithmetic extends TestLaplace {
        NumberArithmetic(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray kl(NDArray loc, NDArray rawScale) {
            NDArray b = rawScale.exp();
            NDArray absLoc = loc.abs();
            NDArray tail = Scalars.over(b, priorScale).mul(absLoc.div(b).neg().exp());
            return Scalars.minus(Scalars.plus(rawScale.neg(), Math.log(priorScale)).add(absLoc.div(priorScale)).add(tail), 1);
        }
    }

    /** Noise of twice the scale the KL assumes. */
    static final class WrongNoiseScale extends TestLaplace {
        WrongNoiseScale(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray unitNoise(Shape shape, SamplingContext context) {
            return Scalars.times(laplace.unitNoise(shape, context), 2);
        }
    }

    /** A KL off by a constant 0.01. */
    static final class KlOffset extends TestLaplace {
        KlOffset(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray kl(NDArray loc, NDArray rawScale) {
            return Scalars.plus(laplace.kl(loc, rawScale), 0.01);
        }
    }

    /** Noise from an unseeded java.util.Random instead of the sampling context. */
    static final class UnseededNoise extends TestLaplace {
        private final Random random = new Random();

        UnseededNoise(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray unitNoise(Shape shape, SamplingContext context) {
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
                double v = random.nextDouble() - 0.5;
                values[i] = (float) (Math.signum(v) * Math.log(Math.max(1 - 2 * Math.abs(v), 1e-6)));
            }
            return context.manager().create(values, shape);
        }
    }

    /** A scale detached from the graph: the scale head gets no gradient through the samples. */
    static final class DetachedScale extends TestLaplace {
        DetachedScale(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray scale(NDArray rawScale) {
            return rawScale.stopGradient().exp();
        }
    }

    /** Noise drawn as one flat (B, J·K) array: its shape does not follow (B, J, …), so it cannot be replayed. */
    static final class JDependentDraws extends TestLaplace {
        JDependentDraws(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray unitNoise(Shape shape, SamplingContext context) {
            NDArray v = Scalars.minus(context.uniform(new Shape(shape.get(0), shape.get(1) * shape.get(2))), 0.5);
            NDArray noise = v.sign().mul(Scalars.atLeast(Scalars.plus(Scalars.times(v.abs(), -2), 1), 1e-6).log());
            return noise.reshape(shape);
        }
    }

    /** A tail probability e^{−2λ/b} instead of e^{−λ/b}: the declared fraction of zeros is wrong. */
    static final class WrongZeroProbability extends TestLaplace {
        WrongZeroProbability(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray tailProbability(NDArray lambda, NDArray scale) {
            return Scalars.times(lambda.abs().div(scale), -2).exp();
        }
    }

    /** A scale e^{ℓ²}: fine for moderate heads, infinite in float32 for |ℓ| ≥ 10. */
    static final class OverflowingScale extends TestLaplace {
        OverflowingScale(double priorScale) {
            super(priorScale);
        }

        @Override
        public NDArray scale(NDArray rawScale) {
            return rawScale.square().exp();
        }
    }
}
