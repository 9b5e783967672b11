package org.vsclab.plugins.dnnmetrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Param;
import org.vsclab.train.Adam;
import org.vsclab.train.Engines;

/**
 * A small Fashion-MNIST classifier that VSC Lab trains itself, so that a Fréchet distance of
 * reconstructions ({@code fid-fmnist}) is available offline, where no Inception weights can be had:
 * conv 3×3 (1→32) ReLU max-pool 2, conv 3×3 (32→64) ReLU max-pool 2, linear 3136→128 ReLU — the
 * 128 features — and linear 128→10. Trained with Adam (lr 1e-3) on the 60,000 training images for
 * {@value #EPOCHS} epochs in batches of 128, seed 0; its test accuracy is recorded with it. It is
 * trained once and kept in a folder ({@code weights.npy} per parameter and {@code classifier.json}).
 */
public final class FmnistClassifier {

    /** The version of the architecture and training recipe; a new one invalidates cached classifiers. */
    public static final int VERSION = 1;

    static final int EPOCHS = 2;
    static final int BATCH = 128;

    private final List<Param> parameters = new ArrayList<>();
    private final double accuracy;

    private FmnistClassifier(NDManager manager, double accuracy) {
        add(manager, "conv1.weight", new Shape(32, 1, 3, 3), 9);
        add(manager, "conv1.bias", new Shape(32), 9);
        add(manager, "conv2.weight", new Shape(64, 32, 3, 3), 32 * 9);
        add(manager, "conv2.bias", new Shape(64), 32 * 9);
        add(manager, "fc.weight", new Shape(128, 3136), 3136);
        add(manager, "fc.bias", new Shape(128), 3136);
        add(manager, "out.weight", new Shape(10, 128), 128);
        add(manager, "out.bias", new Shape(10), 128);
        this.accuracy = accuracy;
    }

    private void add(NDManager manager, String name, Shape shape, long fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        NDArray p = manager.randomUniform(-bound, bound, shape);
        p.setRequiresGradient(true);
        parameters.add(new Param(name, p));
    }

    private NDArray p(int i) {
        return parameters.get(i).value();
    }

    /**
     * Returns the 128 features of images.
     *
     * @param images (N, 1, 28, 28) in [0, 1]
     * @return (N, 128)
     */
    public NDArray features(NDArray images) {
        NDArray h = images.reshape(images.getShape().get(0), 1, 28, 28);
        h = Pool.maxPool2d(Activation.relu(Conv2d.conv2d(h, p(0), p(1), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow()),
                new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        h = Pool.maxPool2d(Activation.relu(Conv2d.conv2d(h, p(2), p(3), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow()),
                new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        return Activation.relu(Linear.linear(h.reshape(h.getShape().get(0), 3136), p(4), p(5)).singletonOrThrow());
    }

    private NDArray logits(NDArray images) {
        return Linear.linear(features(images), p(6), p(7)).singletonOrThrow();
    }

    /** Returns the test accuracy measured when it was trained. */
    public double accuracy() {
        return accuracy;
    }

    /**
     * Loads the classifier from its folder, or trains it there first.
     *
     * @param folder where it is kept
     * @param manager owner of its parameters
     * @param train the training images (all 60,000 for the standard classifier)
     * @param test the 10,000 test images with labels
     * @param labels the label of image i of a split
     * @param log progress lines
     * @return the classifier
     * @throws IOException if the folder cannot be read or written
     */
    public static FmnistClassifier loadOrTrain(Path folder, NDManager manager, Dataset train, Dataset test,
            java.util.function.BiFunction<Dataset, Integer, Integer> labels, java.util.function.Consumer<String> log) throws IOException {
        Path record = folder.resolve("classifier.json");
        String identity = "\"version\": " + VERSION + ", \"train_images\": " + train.size() + ",";
        if (Files.isRegularFile(record) && Files.readString(record).contains(identity)) {
            String json = Files.readString(record);
            double accuracy = Double.parseDouble(json.replaceAll("(?s).*\"test_accuracy\": ([0-9.eE-]+).*", "$1"));
            FmnistClassifier c = new FmnistClassifier(manager, accuracy);
            for (Param p : c.parameters) {
                NpyArray array = Npy.read(folder.resolve(p.name() + ".npy"));
                p.value().set(array.toFloats());
            }
            return c;
        }
        log.accept("fid-fmnist: training its Fashion-MNIST classifier once (" + EPOCHS + " epochs), kept in " + folder);
        Engines.seed(0);
        FmnistClassifier c = new FmnistClassifier(manager, Double.NaN);
        Adam adam = new Adam(c.parameters, 0.9, 0.999, 1e-8, 0);
        SplittableRandom random = new SplittableRandom(0);
        int steps = train.size() / BATCH;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            int[] order = permutation(train.size(), random);
            for (int s = 0; s < steps; s++) {
                int from = s * BATCH;
                int[] rows = java.util.Arrays.copyOfRange(order, from, from + BATCH);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = batch(manager, train, rows);
                    NDArray y = manager.create(labelsOf(train, rows, labels)).toType(DataType.INT64, false);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logp = c.logits(x).logSoftmax(1);
                        NDArray loss = logp.mul(y.oneHot(10).toType(DataType.FLOAT32, false)).sum(new int[] {1}).mean().neg();
                        collector.backward(loss);
                    }
                    adam.step(1e-3);
                }
            }
            log.accept(String.format(Locale.ROOT, "fid-fmnist: classifier epoch %d/%d", epoch + 1, EPOCHS));
        }
        double correct = 0;
        for (int from = 0; from < test.size(); from += 500) {
            int[] rows = range(from, Math.min(test.size(), from + 500));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray predicted = Engines.withoutGradients(() -> c.logits(batch(manager, test, rows)).argMax(1));
                long[] guess = predicted.toLongArray();
                int[] truth = labelsOf(test, rows, labels);
                for (int i = 0; i < rows.length; i++) {
                    correct += guess[i] == truth[i] ? 1 : 0;
                }
            }
        }
        FmnistClassifier trained = new FmnistClassifier(manager, correct / test.size());
        for (int i = 0; i < c.parameters.size(); i++) {
            trained.parameters.get(i).value().set(c.parameters.get(i).value().toFloatArray());
        }
        Files.createDirectories(folder);
        for (Param p : trained.parameters) {
            long[] shape = p.value().getShape().getShape();
            int[] dims = new int[shape.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = (int) shape[i];
            }
            Npy.write(folder.resolve(p.name() + ".npy"), p.value().toFloatArray(), dims);
        }
        Path partial = folder.resolve("classifier.json.tmp");
        Files.writeString(partial, String.format(Locale.ROOT, "{%s \"test_accuracy\": %.6f, \"test_images\": %d, \"epochs\": %d, \"batch\": %d, \"seed\": 0}%n",
                identity, trained.accuracy, test.size(), EPOCHS, BATCH), StandardCharsets.UTF_8);
        Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.accept(String.format(Locale.ROOT, "fid-fmnist: classifier test accuracy %.4f", trained.accuracy));
        return trained;
    }

    static NDArray batch(NDManager manager, Dataset data, int[] rows) {
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * data.dimension());
        data.copyRows(rows, buffer);
        buffer.flip();
        return manager.create(buffer, new Shape(rows.length, 1, 28, 28));
    }

    private static int[] labelsOf(Dataset data, int[] rows, java.util.function.BiFunction<Dataset, Integer, Integer> labels) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = labels.apply(data, rows[i]);
        }
        return y;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = range(0, n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
