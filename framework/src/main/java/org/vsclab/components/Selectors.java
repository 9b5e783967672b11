package org.vsclab.components;

import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.SampleSelector;

/** Factories of the standard sample selectors (they have no settings). */
public final class Selectors {

    private Selectors() {}

    /** {@code max}: max-ELBO selection. */
    public static final class Max implements ComponentFactory<SampleSelector> {
        @Override
        public String description() {
            return "max-ELBO: keep the sample with the lowest loss (detached one-hot weights)";
        }

        @Override
        public SampleSelector create(Settings settings, BuildContext context) {
            return new MaxElboSelector();
        }
    }

    /** {@code avg}: the standard multi-sample ELBO. */
    public static final class Average implements ComponentFactory<SampleSelector> {
        @Override
        public String description() {
            return "average: every sample weighs 1/J (the standard multi-sample ELBO)";
        }

        @Override
        public SampleSelector create(Settings settings, BuildContext context) {
            return new AverageSelector();
        }
    }

    /** {@code softmax-weighted}: the authors' "iwae" weighting. */
    public static final class SoftmaxWeighted implements ComponentFactory<SampleSelector> {
        @Override
        public String description() {
            return "softmax of −loss over the J samples, not detached (the authors' 'iwae'; not the IWAE bound)";
        }

        @Override
        public SampleSelector create(Settings settings, BuildContext context) {
            return new SoftmaxWeightedSelector();
        }
    }
}
