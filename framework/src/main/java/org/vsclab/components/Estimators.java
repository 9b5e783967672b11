package org.vsclab.components;

import org.vsclab.config.Settings;
import org.vsclab.family.RelaxedEstimator;
import org.vsclab.family.StraightThroughEstimator;
import org.vsclab.family.SubgradientEstimator;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.GradientEstimator;

/** Factories of the standard gradient estimators (they have no settings). */
public final class Estimators {

    private Estimators() {}

    /** {@code straight}: the authors' straight-through estimator. */
    public static final class Straight implements ComponentFactory<GradientEstimator> {
        @Override
        public String description() {
            return "straight-through as the authors implemented it: ∂z/∂μ = 1 + m, ∂z/∂λ = −m·sign(ε) (method.md §5.1)";
        }

        @Override
        public GradientEstimator create(Settings settings, BuildContext context) {
            return StraightThroughEstimator.AUTHORS;
        }
    }

    /** {@code straight-pure}: the textbook straight-through estimator. */
    public static final class StraightPure implements ComponentFactory<GradientEstimator> {
        @Override
        public String description() {
            return "textbook straight-through: z = u + sg(exact − u), ∂z/∂μ = 1, ∂z/∂λ = 0 (method.md §5.2)";
        }

        @Override
        public GradientEstimator create(Settings settings, BuildContext context) {
            return StraightThroughEstimator.PURE;
        }
    }

    /** {@code subgradient}: every path of the exact value live. */
    public static final class Subgradient implements ComponentFactory<GradientEstimator> {
        @Override
        public String description() {
            return "subgradient of the exact value: zero codes pass no gradient (method.md §5.3)";
        }

        @Override
        public GradientEstimator create(Settings settings, BuildContext context) {
            return new SubgradientEstimator();
        }
    }

    /** {@code relaxed}: the Gumbel-softmax / Concrete relaxation. */
    public static final class Relaxed implements ComponentFactory<GradientEstimator> {
        @Override
        public String description() {
            return "relaxed (Gumbel-softmax / Concrete): the continuous surrogate in the forward pass too; not exactly sparse";
        }

        @Override
        public GradientEstimator create(Settings settings, BuildContext context) {
            return new RelaxedEstimator();
        }
    }
}
