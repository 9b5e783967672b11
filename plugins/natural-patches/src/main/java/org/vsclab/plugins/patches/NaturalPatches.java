package org.vsclab.plugins.patches;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.vsclab.components.InMemoryDataset;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;

/**
 * Natural-image patches as in the paper's linear study (method.md §15.1): grey-scale images,
 * optionally whitened, cut into P × P patches at a stride, split into training and validation,
 * standardised per pixel and flattened to D = P² (row-major).
 *
 * <ol>
 *   <li>Every patch position of every image is numbered ({@link PatchPositions}) and the list is
 *       shuffled with the source's seed.
 *   <li>Split {@code by-patch} (the reference): validation = the shuffled positions at
 *       ⌊linspace(1, N − 1, ⌊f·N⌋)⌋, training = the rest, so the splits overlap spatially.
 *       {@code by-image} (the default): the positions of the validation images and of the others.
 *   <li>Per-pixel mean and standard deviation over the positions of the training split
 *       ({@code train-only}, the default) or of all positions ({@code all-patches}, the reference),
 *       in one streaming pass ({@link PixelStatistics}).
 *   <li>n patches are taken from each split at ⌊linspace(1, N_split − 1, n)⌋ of its shuffled list
 *       (80,000 and 16,000 in the paper) and only these are materialised, standardised, as float32.
 * </ol>
 */
public final class NaturalPatches implements DataSource {

    /** How positions are split between training and validation. */
    public enum Split {
        /** Whole images are held out (no spatial overlap between the splits). */
        BY_IMAGE,
        /** Positions are split at random (the reference; validation patches overlap training ones). */
        BY_PATCH
    }

    /** Which positions the per-pixel statistics are computed over. */
    public enum StandardizeOn {
        /** The training split's positions only. */
        TRAIN_ONLY,
        /** Every position, validation included (the reference). */
        ALL_PATCHES
    }

    /**
     * The pipeline's settings.
     *
     * @param patchSize P
     * @param stride S
     * @param split how positions are split
     * @param validationImages with {@link Split#BY_IMAGE}: the names of the held-out images
     * @param validationFraction with {@link Split#BY_PATCH}: the fraction f of positions held out
     * @param standardize whether to standardise per pixel
     * @param standardizeOn the positions the statistics come from
     * @param trainSamples patches materialised for training
     * @param validationSamples patches materialised for validation
     * @param seed the shuffle's seed
     */
    public record Spec(int patchSize, int stride, Split split, List<String> validationImages, double validationFraction,
            boolean standardize, StandardizeOn standardizeOn, int trainSamples, int validationSamples, long seed) {

        /** Copies the list. */
        public Spec {
            validationImages = List.copyOf(validationImages);
        }
    }

    private final Spec spec;
    private final Map<String, String> description;
    private final InMemoryDataset train;
    private final InMemoryDataset validation;
    private final PixelStatistics statistics;
    private final int trainPositions;
    private final int validationPositions;

    /**
     * Runs the pipeline.
     *
     * @param images the (already whitened, if wanted) images
     * @param spec the settings
     * @param description what the images are, for the run's data identity (e.g. their source)
     * @throws IllegalArgumentException naming the problem: unknown validation image names, a split
     *     without positions, more samples requested than positions
     */
    public NaturalPatches(List<GreyImage> images, Spec spec, Map<String, String> description) {
        this.spec = spec;
        this.description = Map.copyOf(description);
        PatchPositions positions = new PatchPositions(images, spec.patchSize(), spec.stride());
        int[] shuffled = shuffledPositions(positions.count(), spec.seed());
        int[][] split = split(positions, shuffled);
        int[] trainList = split[0];
        int[] validationList = split[1];
        this.trainPositions = trainList.length;
        this.validationPositions = validationList.length;
        if (spec.standardize()) {
            this.statistics = PixelStatistics.of(positions,
                    spec.standardizeOn() == StandardizeOn.TRAIN_ONLY ? trainList : shuffled);
        } else {
            int d = spec.patchSize() * spec.patchSize();
            double[] ones = new double[d];
            java.util.Arrays.fill(ones, 1);
            this.statistics = new PixelStatistics(new double[d], ones, 0);
        }
        this.train = materialise(positions, pick(trainList, spec.trainSamples(), "training"));
        this.validation = materialise(positions, pick(validationList, spec.validationSamples(), "validation"));
    }

    /** Returns 0 … n − 1 in a random order fixed by the seed (Fisher–Yates). */
    static int[] shuffledPositions(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Returns ⌊linspace(start, stop, n)⌋ (numpy's, end point included): start + i·(stop − start)/(n − 1).
     *
     * @param start the first value
     * @param stop the last value
     * @param n how many
     * @return the floored values
     */
    static int[] linspaceFloor(double start, double stop, int n) {
        int[] out = new int[n];
        if (n == 1) {
            out[0] = (int) Math.floor(start);
            return out;
        }
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.floor(start + i * step);
        }
        out[n - 1] = (int) Math.floor(stop);
        return out;
    }

    /** Splits the shuffled positions: {training list, validation list}, each in shuffled order. */
    private int[][] split(PatchPositions positions, int[] shuffled) {
        if (spec.split() == Split.BY_PATCH) {
            int n = shuffled.length;
            int held = (int) Math.floor(spec.validationFraction() * n);
            if (held < 2 || n - held < 2) {
                throw new IllegalArgumentException("by-patch split: " + n + " positions and validation fraction "
                        + spec.validationFraction() + " leave " + held + " validation and " + (n - held)
                        + " training positions; both need at least 2");
            }
            boolean[] isValidation = new boolean[n];
            for (int index : linspaceFloor(1, n - 1, held)) {
                isValidation[index] = true;
            }
            return new int[][] {filter(shuffled, i -> !isValidation[i]), filter(shuffled, i -> isValidation[i])};
        }
        List<String> names = positions.images().stream().map(GreyImage::name).toList();
        Set<String> held = Set.copyOf(spec.validationImages());
        for (String name : held) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("validation image '" + name + "' is not among the images " + names);
            }
        }
        if (held.isEmpty() || held.size() == names.size()) {
            throw new IllegalArgumentException("by-image split needs at least one training and one validation image; validation "
                    + spec.validationImages() + " of " + names);
        }
        boolean[] imageHeld = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            imageHeld[i] = held.contains(names.get(i));
        }
        int[] imageOf = new int[shuffled.length];
        for (int i = 0; i < names.size(); i++) {
            java.util.Arrays.fill(imageOf, positions.firstOf(i), positions.firstOf(i) + positions.countIn(i), i);
        }
        int[] heldOut = filter(shuffled, i -> imageHeld[imageOf[shuffled[i]]]);
        int[] kept = filter(shuffled, i -> !imageHeld[imageOf[shuffled[i]]]);
        return new int[][] {kept, heldOut};
    }

    /** Returns the values of {@code list} whose index passes the test, in order. */
    private static int[] filter(int[] list, IntPredicate keepIndex) {
        int count = 0;
        for (int i = 0; i < list.length; i++) {
            if (keepIndex.test(i)) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < list.length; i++) {
            if (keepIndex.test(i)) {
                out[k++] = list[i];
            }
        }
        return out;
    }

    /** Takes n positions at ⌊linspace(1, N − 1, n)⌋ of a list (the reference's subsampling). */
    private static int[] pick(int[] list, int n, String what) {
        if (n > list.length - 1) {
            throw new IllegalArgumentException(n + " " + what + " patches requested but the " + what + " split has only "
                    + list.length + " positions (at most " + Math.max(0, list.length - 1)
                    + " can be taken); ask for fewer, use a smaller stride, or add images");
        }
        int[] indices = linspaceFloor(1, list.length - 1, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = list[indices[i]];
        }
        return out;
    }

    private InMemoryDataset materialise(PatchPositions positions, int[] chosen) {
        int d = spec.patchSize() * spec.patchSize();
        float[] values = new float[chosen.length * d];
        double[] mean = statistics.mean();
        double[] std = statistics.std();
        for (int i = 0; i < chosen.length; i++) {
            positions.copy(chosen[i], values, i * d);
            for (int k = 0; k < d; k++) {
                // A pixel that never varies (std 0) is only centred.
                double scale = std[k] > 0 ? std[k] : 1;
                values[i * d + k] = (float) ((values[i * d + k] - mean[k]) / scale);
            }
        }
        return new InMemoryDataset(values, chosen.length, d);
    }

    /** Returns the per-pixel statistics the patches were standardised with (mean 0, std 1 if not). */
    public PixelStatistics statistics() {
        return statistics;
    }

    /** Returns how many positions each split had before subsampling: {training, validation}. */
    public int[] positionCounts() {
        return new int[] {trainPositions, validationPositions};
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
        Map<String, String> details = new LinkedHashMap<>(description);
        details.put("vsc.data.patches.pipeline", String.format(Locale.ROOT,
                "%d×%d patches at stride %d, split %s, %s, seed %d", spec.patchSize(), spec.patchSize(), spec.stride(),
                spec.split() == Split.BY_IMAGE ? "by-image (validation " + String.join(", ", spec.validationImages()) + ")"
                        : "by-patch (validation fraction " + spec.validationFraction() + ")",
                spec.standardize() ? "standardised per pixel on " + (spec.standardizeOn() == StandardizeOn.TRAIN_ONLY
                        ? "train-only" : "all-patches") : "not standardised",
                spec.seed()));
        details.put("vsc.data.patches.positions", String.format(Locale.ROOT, "train %d of %d, validation %d of %d",
                train.size(), trainPositions, validation.size(), validationPositions));
        return InMemoryDataset.identity("patches", details, train, validation);
    }

    /** Returns the settings. */
    public Spec spec() {
        return spec;
    }

    /** Returns the names of the images, in order, for messages. */
    static List<String> names(List<GreyImage> images) {
        List<String> names = new ArrayList<>();
        images.forEach(i -> names.add(i.name()));
        return names;
    }

    @Override
    public String toString() {
        return "NaturalPatches" + Optional.ofNullable(description.get("vsc.data.patches.source")).map(s -> "[" + s + "]").orElse("");
    }
}
