package org.vsclab.components;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;

/**
 * Training and validation data from two NumPy {@code .npy} files: 2-D (samples × features), float32
 * or float64, C order, one sample per row, both of the same width.
 */
public final class NpyDataSource implements DataSource {

    private final Path trainFile;
    private final Path validationFile;
    private final InMemoryDataset train;
    private final InMemoryDataset validation;

    /**
     * Reads both files.
     *
     * @param trainFile the training array
     * @param validationFile the validation array
     * @throws IOException naming the file and the problem (missing, wrong dtype, rank, order or width)
     */
    public NpyDataSource(Path trainFile, Path validationFile) throws IOException {
        this.trainFile = trainFile;
        this.validationFile = validationFile;
        this.train = load(trainFile, "the training data (data-sources.npy.train)");
        this.validation = load(validationFile, "the validation data (data-sources.npy.validation)");
        if (train.dimension() != validation.dimension()) {
            throw new IOException(validationFile + ": the validation data has " + validation.dimension()
                    + " features per sample but the training data (" + trainFile + ") has " + train.dimension()
                    + "; both files must have the same width.");
        }
    }

    private static InMemoryDataset load(Path file, String what) throws IOException {
        NpyArray array = Npy.read(file);
        NpyArray.MatrixShape shape = array.requireMatrix(what);
        if (shape.rows() == 0 || shape.cols() == 0) {
            throw new IOException(file + ": " + what + " is empty (shape " + shape + ").");
        }
        float[] values = array.toFloats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IOException(file + ": " + what + " has a non-finite value (" + values[i] + ") in row "
                        + (i / shape.cols()) + ", column " + (i % shape.cols()) + " (as float32).");
            }
        }
        return new InMemoryDataset(values, shape.rows(), shape.cols());
    }

    @Override
    public Dataset train() {
        return train;
    }

    @Override
    public Dataset validation() {
        return validation;
    }

    @Override
    public Map<String, String> identity() {
        return InMemoryDataset.identity("npy", Map.of(
                "vsc.data.train", trainFile.toAbsolutePath().normalize() + " (" + train.size() + "×" + train.dimension() + ")",
                "vsc.data.validation", validationFile.toAbsolutePath().normalize() + " (" + validation.size() + "×" + validation.dimension() + ")"),
                train, validation);
    }
}
