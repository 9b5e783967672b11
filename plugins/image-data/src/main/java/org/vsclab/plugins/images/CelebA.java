package org.vsclab.plugins.images;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.vsclab.spi.DataSource;

/**
 * CelebA, aligned and cropped (method.md §15.3): 3×64×64 faces in [0, 1] from a folder the user
 * supplies, since no registry carries the data set. The folder holds {@code list_attr_celeba.txt}
 * (40 binary attributes per image), the images in {@code img_align_celeba/} (or the folder itself),
 * and optionally {@code list_eval_partition.txt} (0 train, 1 validation, 2 test; without it the
 * official split by position: the first 162,770 images train, the next 19,867 validation, the rest
 * test). The training split is the first {@code train-samples} training images, mirrored at random
 * when flipping is on; the validation split the first {@code validation-samples} of the chosen
 * partition (the paper: 150,000 training images, the first 19,000 test images). Images are decoded per
 * batch by {@link JpegFaces}, never held in memory.
 */
public final class CelebA implements DataSource, AutoCloseable {

    /** The official split by position when there is no partition file. */
    static final int OFFICIAL_TRAIN = 162_770;
    static final int OFFICIAL_VALIDATION = 19_867;

    private static final int ATTRIBUTES = 40;

    private final JpegFaces train;
    private final JpegFaces validation;
    private final List<String> attributeNames;
    private final ExecutorService pool;
    private final Map<String, String> identity = new LinkedHashMap<>();

    /**
     * Reads the attribute and partition files and checks that every selected image exists.
     *
     * @param folder the data folder
     * @param trainSamples the number of training images (the first ones), 0 for all
     * @param validationSamples the number of validation images, 0 for all
     * @param validationPartition 1 (CelebA's validation partition) or 2 (its test partition, the paper's choice)
     * @param flip whether training images are mirrored at random
     * @param threads the size of the decoding pool
     * @throws ImageDataException naming the folder or file and what to do
     */
    public CelebA(Path folder, int trainSamples, int validationSamples, int validationPartition, boolean flip, int threads)
            throws ImageDataException {
        String where = "Put CelebA's aligned images (img_align_celeba/000001.jpg …) and list_attr_celeba.txt there"
                + " (from the CelebA site; no package registry carries the data set), or set data-sources.celeba.path";
        if (!Files.isDirectory(folder)) {
            throw new ImageDataException(folder + ": no such folder. " + where);
        }
        Path attributeFile = folder.resolve("list_attr_celeba.txt");
        if (!Files.isRegularFile(attributeFile)) {
            throw new ImageDataException(attributeFile + ": no such file. " + where);
        }
        Path images = Files.isDirectory(folder.resolve("img_align_celeba")) ? folder.resolve("img_align_celeba") : folder;
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        this.attributeNames = readAttributes(attributeFile, attributes);
        List<String> names = new ArrayList<>(attributes.keySet());
        Map<String, Integer> partition = readPartition(folder.resolve("list_eval_partition.txt"), names);
        this.pool = Executors.newFixedThreadPool(threads, daemonThreads());
        this.train = split(images, names, attributes, partition, 0, trainSamples, flip, "train-samples");
        this.validation = split(images, names, attributes, partition, validationPartition, validationSamples, false,
                "validation-samples");
        identity.put("vsc.data.kind", "celeba");
        identity.put("vsc.data.path", folder.toAbsolutePath().toString());
        identity.put("vsc.data.train.samples", Integer.toString(train.size()));
        identity.put("vsc.data.validation.samples", Integer.toString(validation.size()));
        identity.put("vsc.data.validation.partition", Integer.toString(validationPartition));
        // The first image of each split must decode: a wrong folder fails now, not after the first epoch.
        for (JpegFaces split : List.of(train, validation)) {
            try {
                JpegFaces.read(split.files().get(0), false);
            } catch (UncheckedIOException e) {
                pool.shutdownNow();
                throw (ImageDataException) e.getCause();
            }
        }
    }

    private static List<String> readAttributes(Path file, Map<String, byte[]> out) throws ImageDataException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = in.readLine();
            long declared;
            try {
                declared = Long.parseLong(first == null ? "" : first.trim());
            } catch (NumberFormatException e) {
                throw new ImageDataException(file + ":1: expected the number of images, found '" + first + "'; is this CelebA's list_attr_celeba.txt?");
            }
            if (declared < 1 || declared > 10_000_000) {
                throw new ImageDataException(file + ":1: declares " + declared + " images; the file is corrupt");
            }
            String header = in.readLine();
            List<String> names = header == null ? List.of() : Arrays.asList(header.trim().split("\\s+"));
            if (names.size() != ATTRIBUTES) {
                throw new ImageDataException(file + ":2: expected the 40 attribute names, found " + names.size() + " fields");
            }
            String line;
            int number = 2;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != ATTRIBUTES + 1) {
                    throw new ImageDataException(file + ":" + number + ": expected an image name and 40 values of ±1, found " + f.length + " fields");
                }
                byte[] values = new byte[ATTRIBUTES];
                for (int i = 0; i < ATTRIBUTES; i++) {
                    switch (f[i + 1]) {
                        case "1" -> values[i] = 1;
                        case "-1", "0" -> values[i] = 0;
                        default -> throw new ImageDataException(file + ":" + number + ": attribute " + names.get(i) + " is '" + f[i + 1]
                                + "', not 1 or -1");
                    }
                }
                out.put(f[0], values);
                if (out.size() > declared) {
                    break;
                }
            }
            if (out.size() != declared) {
                throw new ImageDataException(file + ": declares " + declared + " images but lists " + out.size()
                        + "; the file is truncated or corrupt");
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw e instanceof ImageDataException d ? d : new ImageDataException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Integer> readPartition(Path file, List<String> names) throws ImageDataException {
        Map<String, Integer> partition = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            for (int i = 0; i < names.size(); i++) {
                partition.put(names.get(i), i < OFFICIAL_TRAIN ? 0 : i < OFFICIAL_TRAIN + OFFICIAL_VALIDATION ? 1 : 2);
            }
            return partition;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != 2 || !f[1].matches("[012]")) {
                    throw new ImageDataException(file + ":" + number + ": expected an image name and a partition 0, 1 or 2, found '" + line.trim() + "'");
                }
                partition.put(f[0], Integer.parseInt(f[1]));
            }
        } catch (IOException e) {
            throw e instanceof ImageDataException d ? d : new ImageDataException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        return partition;
    }

    private JpegFaces split(Path images, List<String> names, Map<String, byte[]> attributes, Map<String, Integer> partition,
            int which, int samples, boolean flip, String key) throws ImageDataException {
        List<Path> files = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (String name : names) {
            if (partition.getOrDefault(name, -1) == which && (samples == 0 || files.size() < samples)) {
                Path file = images.resolve(name);
                if (!Files.isRegularFile(file)) {
                    pool.shutdownNow();
                    throw new ImageDataException(file + ": no such file, though list_attr_celeba.txt lists it; the image folder is incomplete");
                }
                files.add(file);
                values.add(attributes.get(name));
            }
        }
        if (files.isEmpty() || (samples > 0 && files.size() < samples)) {
            pool.shutdownNow();
            throw new ImageDataException(images + ": partition " + which + " has " + files.size() + " images, fewer than the "
                    + samples + " asked for (data-sources.celeba." + key + ")");
        }
        return new JpegFaces(files, values.toArray(byte[][]::new), flip, pool);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "celeba-decode-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public JpegFaces train() {
        return train;
    }

    @Override
    public JpegFaces validation() {
        return validation;
    }

    @Override
    public Map<String, String> identity() {
        return identity;
    }

    /** Returns the 40 attribute names, in the attribute file's order. */
    public List<String> attributeNames() {
        return attributeNames;
    }

    /** Stops the decoding threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
