package org.vsclab.testkit.planted;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.vsclab.config.Settings;
import org.vsclab.family.LocationScaleBase;
import org.vsclab.family.LocationScaleFamilies;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.VariationalFamily;

/** Registers the kit's test priors (see {@code reference.conf} of the kit's tests). */
public final class PlantedPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "good-laplace", GoodLaplace.class);
        register(ComponentKind.PRIOR, "good-logistic", GoodLogistic.class);
        register(ComponentKind.PRIOR, "wrong-calibration", WrongCalibration.class);
        register(ComponentKind.PRIOR, "laplace-formulas-on-logistic", LaplaceFormulasOnLogistic.class);
        register(ComponentKind.PRIOR, "negative-kl-near-prior", NegativeKlNearPrior.class);
        register(ComponentKind.PRIOR, "number-arithmetic", NumberArithmetic.class);
        register(ComponentKind.PRIOR, "wrong-noise-scale", WrongNoiseScale.class);
        register(ComponentKind.PRIOR, "kl-offset", KlOffset.class);
        register(ComponentKind.PRIOR, "unseeded-noise", UnseededNoise.class);
        register(ComponentKind.PRIOR, "detached-scale", DetachedScale.class);
        register(ComponentKind.PRIOR, "j-dependent-draws", JDependentDraws.class);
        register(ComponentKind.PRIOR, "wrong-zero-probability", WrongZeroProbability.class);
        register(ComponentKind.PRIOR, "overflowing-scale", OverflowingScale.class);
        register(ComponentKind.PRIOR, "wrong-shapes", WrongShapes.class);
    }

    /** A thresholded family on a base, built from its namespace as a real plugin builds it. */
    public abstract static class Thresholded implements ComponentFactory<VariationalFamily> {
        abstract LocationScaleBase base(double priorScale);

        @Override
        public String description() {
            return "a test family of the conformance kit";
        }

        @Override
        public VariationalFamily create(Settings s, BuildContext context) {
            return LocationScaleFamilies.thresholded(s, context, base(s.positive("prior-scale")));
        }
    }

    /** The correct thresholded Laplace family. */
    public static final class GoodLaplace extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new TestLaplace(b);
        }
    }

    /** The correct thresholded logistic family, with a Monte-Carlo KL. */
    public static final class GoodLogistic extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new TestLogistic(b);
        }
    }

    /** Planted: {@link PlantedBases.WrongCalibration}. */
    public static final class WrongCalibration extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.WrongCalibration(b);
        }
    }

    /** Planted: {@link PlantedBases.LaplaceFormulasOnLogistic}. */
    public static final class LaplaceFormulasOnLogistic extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.LaplaceFormulasOnLogistic(b);
        }
    }

    /** Planted: {@link PlantedBases.NegativeKlNearPrior}. */
    public static final class NegativeKlNearPrior extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.NegativeKlNearPrior(b);
        }
    }

    /** Planted: {@link PlantedBases.NumberArithmetic}. */
    public static final class NumberArithmetic extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.NumberArithmetic(b);
        }
    }

    /** Planted: {@link PlantedBases.KlOffset}. */
    public static final class KlOffset extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.KlOffset(b);
        }
    }

    /** Planted: {@link PlantedBases.UnseededNoise}. */
    public static final class UnseededNoise extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.UnseededNoise(b);
        }
    }

    /** Planted: {@link PlantedBases.DetachedScale}. */
    public static final class DetachedScale extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.DetachedScale(b);
        }
    }

    /** Planted: {@link PlantedBases.JDependentDraws}. */
    public static final class JDependentDraws extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.JDependentDraws(b);
        }
    }

    /** Planted: {@link PlantedBases.WrongZeroProbability}. */
    public static final class WrongZeroProbability extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.WrongZeroProbability(b);
        }
    }

    /** Planted: {@link PlantedBases.OverflowingScale}. */
    public static final class OverflowingScale extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new PlantedBases.OverflowingScale(b);
        }
    }

    /** Planted: a dense family whose noise has twice the scale its KL assumes ({@link PlantedBases.WrongNoiseScale}). */
    public static final class WrongNoiseScale implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "a test family of the conformance kit";
        }

        @Override
        public VariationalFamily create(Settings s, BuildContext context) {
            return LocationScaleFamilies.dense(s, new PlantedBases.WrongNoiseScale(s.positive("prior-scale")));
        }
    }

    /** Planted: the thresholded Laplace family with its codes returned as (B, K, J) instead of (B, J, K). */
    public static final class WrongShapes extends Thresholded {
        @Override
        LocationScaleBase base(double b) {
            return new TestLaplace(b);
        }

        @Override
        public VariationalFamily create(Settings s, BuildContext context) {
            VariationalFamily family = super.create(s, context);
            return new VariationalFamily() {
                @Override
                public List<HeadSpec> heads() {
                    return family.heads();
                }

                @Override
                public CodeSample sample(Heads heads, int samples, SamplingContext c) {
                    CodeSample sample = family.sample(heads, samples, c);
                    return new CodeSample(sample.codes().transpose(0, 2, 1), sample.kl(), sample.diagnostics());
                }

                @Override
                public NDArray zeroProbability(Heads heads, SamplingContext c) {
                    return family.zeroProbability(heads, c);
                }

                @Override
                public double priorNonZeroFraction() {
                    return family.priorNonZeroFraction();
                }
            };
        }
    }
}
