package org.vsclab.components;

import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.DataSource;

/** Builds the {@link SyntheticDataSource} from {@code data-sources.synthetic}. */
public final class SyntheticDataSourceFactory implements ComponentFactory<DataSource> {

    @Override
    public String description() {
        return "synthetic sparse codes: true dictionary D×K, exactly k active atoms, amplitude distribution, noise σ, own seed";
    }

    @Override
    public DataSource create(Settings s, BuildContext context) {
        int atoms = s.integerAtLeast("atoms", 1);
        int active = s.integerAtLeast("active", 1);
        if (active > atoms) {
            throw s.invalid("active", "at most data-sources.synthetic.atoms (" + atoms + ")", String.valueOf(active));
        }
        SyntheticDataSource.Spec spec = new SyntheticDataSource.Spec(
                s.integerAtLeast("dimension", 1),
                atoms,
                active,
                s.choice("amplitude.distribution", SyntheticDataSource.Amplitude.class),
                s.positive("amplitude.scale"),
                s.nonNegative("noise"),
                s.integerAtLeast("train-samples", 1),
                s.integerAtLeast("validation-samples", 1),
                s.longValue("seed"));
        return new SyntheticDataSource(spec);
    }
}
