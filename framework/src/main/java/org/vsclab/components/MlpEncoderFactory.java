package org.vsclab.components;

import java.util.List;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.Encoder;

/** Builds the {@link MlpEncoder} from {@code encoders.mlp { hidden = [...] }}. */
public final class MlpEncoderFactory implements ComponentFactory<Encoder> {

    @Override
    public String description() {
        return "MLP with ReLU (encoders.mlp.hidden; the paper: D=256 then 512-1024-512-256) and one linear head per family head";
    }

    @Override
    public Encoder create(Settings settings, BuildContext context) {
        List<Integer> hidden = settings.integers("hidden");
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) < 1) {
                throw settings.invalid("hidden", "a list of positive layer widths", hidden.toString());
            }
        }
        return new MlpEncoder(context.manager(), context.dataDimension(), hidden, context.heads(), context.latentDimension());
    }
}
