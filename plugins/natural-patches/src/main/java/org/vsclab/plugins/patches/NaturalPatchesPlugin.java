package org.vsclab.plugins.patches;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.DataSource;

/** Registers the {@code patches} data source: natural-image patches as in the paper's linear study. */
public final class NaturalPatchesPlugin extends VscPlugin {

    /** The photographs of Debian's {@code python3-skimage} that ./install extracts (skimage/data). */
    public static final List<String> SKIMAGE_PHOTOGRAPHS = List.of("astronaut.png", "brick.png", "camera.png", "chelsea.png",
            "coffee.png", "grass.png", "gravel.png", "moon.png", "motorcycle_left.png", "motorcycle_right.png", "rocket.jpg");

    /** The held-out skimage photographs of the by-image split: an animal close-up and a texture. */
    static final List<String> SKIMAGE_VALIDATION = List.of("chelsea", "gravel");

    @Override
    protected void configure() {
        register(ComponentKind.DATA_SOURCE, "patches", Factory.class);
    }

    /** Builds {@link NaturalPatches} from {@code data-sources.patches} and {@code data.patch-split / standardize-on}. */
    public static final class Factory implements ComponentFactory<DataSource> {

        @Override
        public String description() {
            return "natural-image patches (method.md §15.1): skimage photographs, a PNG/JPEG folder or IMAGES.mat; whitening, P×P patches, per-pixel standardisation";
        }

        @Override
        public DataSource create(Settings s, BuildContext context) {
            Settings root = context.root();
            NaturalPatches.Split split = root.choice("data.patch-split", NaturalPatches.Split.class);
            NaturalPatches.StandardizeOn on = root.choice("data.standardize-on", NaturalPatches.StandardizeOn.class);
            int size = s.integerAtLeast("patch-size", 1);
            int stride = s.integerAtLeast("stride", 1);
            double fraction = s.openUnit("validation-fraction");
            String whiten = s.oneOf("whiten", "auto", "true", "false");
            double cutoff = s.positive("whitening-cutoff");
            int trainSamples = s.integerAtLeast("train-samples", 1);
            int validationSamples = s.integerAtLeast("validation-samples", 1);
            String images = s.string("images");
            Source source = source(s, images);
            List<GreyImage> read;
            try {
                read = source.read(s.string("mat-variable"));
            } catch (IOException e) {
                throw new ConfigError(s.path("images"), "Cannot read the images for data.source = patches: " + e.getMessage()
                        + ". " + source.howToGet());
            }
            boolean whitened = whiten.equals("true") || whiten.equals("auto") && !source.preWhitened();
            if (whitened) {
                Whitening filter = new Whitening(cutoff);
                read = read.stream().map(filter::apply).toList();
            }
            List<String> validationImages = s.has("validation-images") ? s.strings("validation-images")
                    : source.defaultValidation(read);
            NaturalPatches.Spec spec = new NaturalPatches.Spec(size, stride, split, validationImages, fraction,
                    s.bool("standardize"), on, trainSamples, validationSamples, s.longValue("seed"));
            Map<String, String> description = new LinkedHashMap<>();
            description.put("vsc.data.patches.source", source.describe());
            description.put("vsc.data.patches.images", String.join(", ", NaturalPatches.names(read)));
            description.put("vsc.data.patches.whitening", whitened ? new Whitening(cutoff).toString() : "none");
            try {
                return new NaturalPatches(read, spec, description);
            } catch (IllegalArgumentException e) {
                String key = e.getMessage().contains("validation image") || e.getMessage().contains("by-image")
                        ? s.path("validation-images") : e.getMessage().contains("requested") ? s.path("train-samples") : s.path("patch-size");
                throw new ConfigError(key, "data.source = patches (" + source.describe() + "): " + e.getMessage() + ".");
            }
        }

        private static Source source(Settings s, String images) {
            if (images.equals("skimage")) {
                Path dir = s.has("skimage-dir") ? s.file("skimage-dir")
                        : Path.of(System.getProperty("user.home"), ".cache", "vsc-lab", "skimage");
                return new Skimage(dir);
            }
            Path path = Path.of(images);
            if (ImageFiles.isMatFile(path)) {
                return new MatSource(path);
            }
            if (Files.isDirectory(path)) {
                return new FolderSource(path);
            }
            throw new ConfigError(s.path("images"), "Cannot read the images for data.source = patches: " + path
                    + (Files.exists(path) ? " is neither a folder of PNG/JPEG photographs nor a .mat file"
                            : " does not exist") + ". Set data-sources.patches.images to skimage (the photographs ./install"
                    + " provides), a folder of PNG/JPEG photographs, or the path of Olshausen's IMAGES.mat.");
        }
    }

    /** Where images come from, and what to tell a user who does not have them. */
    private interface Source {
        List<GreyImage> read(String matVariable) throws IOException;

        String describe();

        String howToGet();

        boolean preWhitened();

        /** The last 20 % (at least one) of the images, in name order. */
        default List<String> defaultValidation(List<GreyImage> images) {
            List<String> names = new ArrayList<>(NaturalPatches.names(images));
            names.sort(null);
            int held = Math.max(1, (int) Math.round(0.2 * names.size()));
            return names.size() < 2 ? List.of() : List.copyOf(names.subList(names.size() - held, names.size()));
        }
    }

    private record Skimage(Path dir) implements Source {
        @Override
        public List<GreyImage> read(String matVariable) throws IOException {
            List<Path> files = new ArrayList<>();
            for (String name : SKIMAGE_PHOTOGRAPHS) {
                Path file = dir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw new IOException("the skimage photograph " + file + " is missing");
                }
                files.add(file);
            }
            return ImageFiles.readFiles(files);
        }

        @Override
        public String describe() {
            return "skimage photographs in " + dir;
        }

        @Override
        public String howToGet() {
            return "Run ./install (it extracts the photographs of Debian's python3-skimage package into " + dir
                    + "), or set data-sources.patches.images to a folder of PNG/JPEG photographs.";
        }

        @Override
        public boolean preWhitened() {
            return false;
        }

        @Override
        public List<String> defaultValidation(List<GreyImage> images) {
            return SKIMAGE_VALIDATION;
        }
    }

    private record FolderSource(Path dir) implements Source {
        @Override
        public List<GreyImage> read(String matVariable) throws IOException {
            return ImageFiles.readFolder(dir);
        }

        @Override
        public String describe() {
            return "photographs in " + dir.toAbsolutePath().normalize();
        }

        @Override
        public String howToGet() {
            return "Put PNG or JPEG photographs (any size of at least one patch) into " + dir
                    + ", or set data-sources.patches.images = skimage.";
        }

        @Override
        public boolean preWhitened() {
            return false;
        }
    }

    private record MatSource(Path file) implements Source {
        @Override
        public List<GreyImage> read(String matVariable) throws IOException {
            return ImageFiles.readMat(file, matVariable);
        }

        @Override
        public String describe() {
            return "MAT-file " + file.toAbsolutePath().normalize();
        }

        @Override
        public String howToGet() {
            return "Olshausen's IMAGES.mat (ten whitened 512×512 natural scenes) cannot be redistributed with VSC Lab: download it"
                    + " from Bruno Olshausen's sparsenet page and set data-sources.patches.images to its path, or use"
                    + " images = skimage (the photographs ./install provides).";
        }

        @Override
        public boolean preWhitened() {
            return true;
        }
    }
}
