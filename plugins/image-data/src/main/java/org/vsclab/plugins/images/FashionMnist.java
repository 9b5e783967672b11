package org.vsclab.plugins.images;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vsclab.spi.DataSource;

/**
 * Fashion-MNIST (method.md §15.2): 60,000 training and 10,000 test images of 1×28×28, values in
 * [0, 1], from the four IDX {@code .gz} files that Debian's {@code dataset-fashion-mnist} installs in
 * {@value #DEBIAN_PATH} (read directly; uncompressed files work too). The validation split is the
 * test set, as in the paper. Either split may be cut to its first n images for short runs.
 */
public final class FashionMnist implements DataSource {

    /** Where Debian's package puts the files. */
    public static final String DEBIAN_PATH = "/usr/share/datasets/fashion-mnist";

    /** The SHA-256 of each decompressed file (stack.md §9.1; Debian re-gzipped them, so the .gz sums differ). */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private static final Shape IMAGE = new Shape(1, 28, 28);

    private final ByteImages train;
    private final ByteImages test;
    private final Map<String, String> identity = new LinkedHashMap<>();

    /**
     * Reads the four files.
     *
     * @param folder the folder holding them ({@code .gz} or not)
     * @param trainSamples the number of training images to use (the first ones), 0 for all
     * @param testSamples the number of test images to use, 0 for all
     * @param verify whether to check each file's SHA-256 against the published data set's
     * @throws ImageDataException naming the folder or file and what to do
     */
    public FashionMnist(Path folder, int trainSamples, int testSamples, boolean verify) throws ImageDataException {
        if (!Files.isDirectory(folder)) {
            throw new ImageDataException(folder + ": no such folder. Install Fashion-MNIST with "
                    + "'apt-get install dataset-fashion-mnist' (it goes to " + DEBIAN_PATH + "), or set data-sources.fmnist.path"
                    + " to a folder with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
                    + " t10k-labels-idx1-ubyte.gz");
        }
        identity.put("vsc.data.kind", "fmnist");
        identity.put("vsc.data.path", folder.toAbsolutePath().toString());
        this.train = split(folder, "train", trainSamples, verify);
        this.test = split(folder, "t10k", testSamples, verify);
        identity.put("vsc.data.train.samples", Integer.toString(train.size()));
        identity.put("vsc.data.validation.samples", Integer.toString(test.size()));
    }

    private ByteImages split(Path folder, String prefix, int samples, boolean verify) throws ImageDataException {
        IdxFile images = IdxFile.read(find(folder, prefix + "-images-idx3-ubyte"));
        IdxFile labels = IdxFile.read(find(folder, prefix + "-labels-idx1-ubyte"));
        for (IdxFile f : new IdxFile[] {images, labels}) {
            String name = f.file().getFileName().toString().replaceFirst("\\.gz$", "");
            if (verify && !SHA256.get(name).equals(f.sha256())) {
                throw new ImageDataException(f.file() + ": not the published Fashion-MNIST file (SHA-256 of its contents is "
                        + f.sha256() + ", expected " + SHA256.get(name) + "); reinstall dataset-fashion-mnist, or set"
                        + " data-sources.fmnist.verify-checksums = false to use other IDX files of this layout");
            }
            identity.put("vsc.data." + name + ".sha256", f.sha256());
        }
        if (images.dimensions().length != 3 || images.dimensions()[1] != 28 || images.dimensions()[2] != 28) {
            throw new ImageDataException(images.file() + ": holds " + java.util.Arrays.toString(images.dimensions())
                    + " values, not N×28×28 images");
        }
        if (labels.dimensions().length != 1 || labels.count() != images.count()) {
            throw new ImageDataException(labels.file() + ": holds " + java.util.Arrays.toString(labels.dimensions())
                    + " labels for the " + images.count() + " images of " + images.file());
        }
        if (samples > images.count()) {
            throw new ImageDataException(images.file() + ": holds " + images.count() + " images, fewer than the "
                    + samples + " asked for (data-sources.fmnist." + (prefix.equals("train") ? "train" : "validation") + "-samples)");
        }
        int[] classes = new int[labels.count()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = labels.data()[i] & 0xff;
        }
        return new ByteImages(images.data(), classes, IMAGE, samples == 0 ? images.count() : samples);
    }

    private static Path find(Path folder, String name) throws ImageDataException {
        Path gz = folder.resolve(name + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        Path plain = folder.resolve(name);
        if (Files.exists(plain)) {
            return plain;
        }
        throw new ImageDataException(gz + ": no such file (nor " + plain.getFileName() + "). Install Fashion-MNIST with "
                + "'apt-get install dataset-fashion-mnist' (it goes to " + DEBIAN_PATH + "), or set data-sources.fmnist.path to"
                + " the folder that has it");
    }

    /** Returns the training images. */
    @Override
    public ByteImages train() {
        return train;
    }

    /** Returns the test images (the paper validates and evaluates on the test set). */
    @Override
    public ByteImages validation() {
        return test;
    }

    @Override
    public Map<String, String> identity() {
        return identity;
    }
}
