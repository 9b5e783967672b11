package org.vsclab.plugins.spikeslab;

import java.util.List;
import java.util.Map;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code spike-and-slab} prior passes the conformance suite. */
class SpikeAndSlabConformanceTest extends VariationalFamilyConformance {

    private static final double SPIKE_PRIOR = 0.1;

    @Override
    protected String priorName() {
        return "spike-and-slab";
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-variance", Math.log(0.1), SpikeAndSlabFamily.SPIKE_HEAD, Math.log(SPIKE_PRIOR));
    }

    @Override
    protected Map<String, Double> typicalHeads() {
        return Map.of("loc", 0.3, "log-variance", -1.0, SpikeAndSlabFamily.SPIKE_HEAD, Math.log(0.2));
    }

    @Override
    protected List<Map<String, Double>> klCheckHeads() {
        // The second point has the slab equal to its prior, so the Bernoulli term alone remains.
        return List.of(typicalHeads(), Map.of("loc", 0.0, "log-variance", Math.log(0.1), SpikeAndSlabFamily.SPIKE_HEAD, Math.log(0.5)));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        // q = (1 − γ)δ₀ + γN(μ, σ²), p = (1 − γ_p)δ₀ + γ_p N(0, s_p): the KL of method.md §7.
        double gamma = Math.exp(Math.min(h.get(SpikeAndSlabFamily.SPIKE_HEAD), 0));
        double z = d.code();
        if (z == 0) {
            return Math.log((1 - gamma) / (1 - SPIKE_PRIOR));
        }
        return Math.log(gamma / SPIKE_PRIOR) + Densities.gaussian(z, h.get("loc"), Math.exp(h.get("log-variance"))) - Densities.gaussian(z, 0, 0.1);
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of("priors.spike-and-slab.estimator=relaxed");
    }

    @Override
    protected List<List<String>> extremeSettings() {
        return List.of(List.of("priors.spike-and-slab.selection-logit=log-gamma"),
                List.of("priors.spike-and-slab.estimator=relaxed", "priors.spike-and-slab.temperature.min=0.005",
                        "priors.spike-and-slab.temperature.start=0.005"));
    }
}
