package org.vsclab.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vsclab.family.LearnedThreshold;

/**
 * The conformance suite of a thresholded location-scale family with its learned (Gamma) threshold on
 * ({@code learned-threshold.enabled = true}, λ₀ = {@code lambda}): name the prior, its base's prior heads
 * and λ₀; the Gamma heads, settings and KL check come from here. The base's own KL is checked by the
 * fixed-threshold suite; here its posterior is its prior at the KL check, so only the Gamma term
 * κ_Γ·[ln Gamma(λ; α, β) − ln Gamma(λ; α₀, α₀/λ₀)] remains, evaluated on the family's λ draws.
 *
 * <p>Override {@link #expectedPriorNonZeroFraction} with E[P(|ε| &gt; λ)] over λ ~ Gamma(α₀, α₀/λ₀): at the
 * prior λ is drawn, so the non-zero fraction is not the tail at λ₀ that {@code priorNonZeroFraction()}
 * reports ({@link Densities#gammaExpectation} computes it).
 */
public abstract class LearnedThresholdConformance extends VariationalFamilyConformance {

    /** Returns the base's heads at its prior, e.g. loc 0 and log-scale ln b_p. */
    protected abstract Map<String, Double> basePriorHeads();

    /** Returns λ₀, the Gamma prior's mean, set as the family's {@code lambda}. */
    protected abstract double priorMean();

    /** Returns α₀, the family's {@code learned-threshold.prior-shape} (default 3, as its reference.conf). */
    protected double priorShape() {
        return 3;
    }

    /** Returns κ_Γ, the family's {@code learned-threshold.kl-weight} (default 0.1, as its reference.conf). */
    protected double klWeight() {
        return 0.1;
    }

    private String key(String relative) {
        return "priors." + priorName() + "." + relative;
    }

    @Override
    protected List<String> settings() {
        return List.of(key("learned-threshold.enabled=true"), key("lambda=" + priorMean()));
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of(key("learned-threshold.enabled=true"), key("lambda=" + priorMean()), key("estimator=subgradient"));
    }

    private Map<String, Double> withThreshold(double shape, double rate) {
        Map<String, Double> heads = new LinkedHashMap<>(basePriorHeads());
        heads.put(LearnedThreshold.SHAPE_HEAD, Math.log(shape));
        heads.put(LearnedThreshold.RATE_HEAD, Math.log(rate));
        return heads;
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return withThreshold(priorShape(), priorShape() / priorMean());
    }

    @Override
    protected List<Map<String, Double>> klCheckHeads() {
        return List.of(withThreshold(2, 5));
    }

    @Override
    protected double logRatio(Map<String, Double> heads, Draw draw) {
        return klWeight() * Densities.learnedThresholdLogRatio(heads, draw.diagnostic("lambda"), priorShape(), priorMean());
    }

    /** The Gamma draws are implicitly reparameterised in α (not pathwise); λ = g/β is pathwise in β. */
    @Override
    protected Set<String> headsWithoutPathwiseGradient() {
        return Set.of(LearnedThreshold.SHAPE_HEAD);
    }
}
