package org.vsclab.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vsclab.spi.RunSummary;

/** Whether a report's runs match the settings its published reference numbers depend on. */
final class Comparability {

    private Comparability() {}

    /**
     * Returns the reasons the runs' numbers are not directly comparable (empty when they are).
     *
     * @param spec the layout's comparability rules
     * @param runs the report's runs
     * @return one sentence per requirement a run does not meet
     */
    static List<String> differences(ReportLayout.Comparability spec, List<RunSummary> runs) {
        List<String> reasons = new ArrayList<>();
        for (ReportLayout.Requirement r : spec.requirements()) {
            Set<String> off = new LinkedHashSet<>();
            for (RunSummary run : runs) {
                if (r.ifMetric().isPresent() && !run.metrics().containsKey(r.ifMetric().get())) {
                    continue;
                }
                String value = run.params().getOrDefault(r.param(), "(not set)");
                if (!value.matches(r.pattern())) {
                    off.add(value);
                }
            }
            if (!off.isEmpty()) {
                reasons.add(r.why().replace("{value}", String.join(", ", off)) + " (`" + r.param() + "`)");
            }
        }
        return reasons;
    }
}
