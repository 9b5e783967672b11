package org.vsclab.components;

import java.io.IOException;
import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.DataSource;

/** Builds the {@link NpyDataSource} from {@code data-sources.npy { train, validation }}. */
public final class NpyDataSourceFactory implements ComponentFactory<DataSource> {

    @Override
    public String description() {
        return "NumPy .npy files (2-D samples × features, float32/float64, C order) for train and validation";
    }

    @Override
    public DataSource create(Settings settings, BuildContext context) {
        try {
            return new NpyDataSource(settings.file("train"), settings.file("validation"));
        } catch (IOException e) {
            String message = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
            boolean validation = e.getMessage().contains(String.valueOf(settings.file("validation")))
                    && !e.getMessage().contains(String.valueOf(settings.file("train")));
            throw new ConfigError(settings.path(validation ? "validation" : "train"), "Cannot use the .npy data: " + message
                    + (message.contains("np.save") ? "" : " Save arrays with numpy.save(path, x.astype(numpy.float32)), one sample per row."), e);
        }
    }
}
