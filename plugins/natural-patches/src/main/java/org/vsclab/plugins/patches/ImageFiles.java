package org.vsclab.plugins.patches;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads grey-scale images: photographs (PNG or JPEG, through {@link ImageIO}) and MATLAB v5 MAT-files
 * such as Olshausen's {@code IMAGES.mat} (through MFL, {@code us.hebi.matlab.mat:mfl-core}). Every
 * failure is an {@link IOException} whose message names the file and the problem.
 */
public final class ImageFiles {

    /** Luma weights of ITU-R BT.709, as scikit-image's {@code rgb2gray} uses them. */
    static final double RED = 0.2125;
    /** Green weight. */
    static final double GREEN = 0.7154;
    /** Blue weight. */
    static final double BLUE = 0.0721;

    private ImageFiles() {}

    /** Returns whether a file name is a photograph this reader takes (.png, .jpg, .jpeg). */
    static boolean isPhotograph(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Returns whether a file is a MAT-file (by its .mat extension). */
    static boolean isMatFile(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat");
    }

    /**
     * Reads every PNG and JPEG of a folder (not its sub-folders), in file-name order.
     *
     * @param folder the folder
     * @return the images, named by file stem
     * @throws IOException if the folder has none, two share a stem, or one cannot be read
     */
    public static List<GreyImage> readFolder(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> Files.isRegularFile(p) && isPhotograph(p)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(folder + " contains no PNG or JPEG files");
        }
        return readFiles(files);
    }

    /**
     * Reads the given photographs, in order.
     *
     * @param files PNG or JPEG files
     * @return the images, named by file stem
     * @throws IOException if two share a stem or one cannot be read
     */
    public static List<GreyImage> readFiles(List<Path> files) throws IOException {
        Map<String, Path> seen = new HashMap<>();
        List<GreyImage> images = new ArrayList<>();
        for (Path file : files) {
            GreyImage image = readPhotograph(file);
            Path earlier = seen.put(image.name(), file);
            if (earlier != null) {
                throw new IOException(file + " and " + earlier + " have the same name '" + image.name()
                        + "'; image names must be unique (rename one)");
            }
            images.add(image);
        }
        return images;
    }

    /**
     * Reads one photograph as grey-scale in [0, 1]: grey images as stored, colour images with
     * scikit-image's luma weights 0.2125 R + 0.7154 G + 0.0721 B; alpha is ignored.
     *
     * @param file a PNG or JPEG file
     * @return the image, named by the file's stem
     * @throws IOException if the file is missing or not a readable image
     */
    public static GreyImage readPhotograph(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " cannot be read as an image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(file + " is not an image Java can read (PNG or JPEG expected)");
        }
        return new GreyImage(stem(file), image.getHeight(), image.getWidth(), grey(image));
    }

    private static float[] grey(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] out = new float[h * w];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        if (model instanceof IndexColorModel || model.getNumColorComponents() != 1 && model.getNumColorComponents() != 3) {
            // Palette images (and anything unusual): let the colour model give 8-bit sRGB.
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    out[y * w + x] = (float) (RED * ((rgb >> 16) & 0xff) / 255 + GREEN * ((rgb >> 8) & 0xff) / 255
                            + BLUE * (rgb & 0xff) / 255);
                }
            }
            return out;
        }
        // Raw samples: getRGB would pass grey images through a colour-space conversion.
        double max = (1L << model.getComponentSize(0)) - 1;
        boolean colour = model.getNumColorComponents() == 3;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = colour
                        ? RED * raster.getSampleDouble(x, y, 0) + GREEN * raster.getSampleDouble(x, y, 1)
                                + BLUE * raster.getSampleDouble(x, y, 2)
                        : raster.getSampleDouble(x, y, 0);
                out[y * w + x] = (float) (v / max);
            }
        }
        return out;
    }

    /**
     * Reads the images of a MATLAB v5 MAT-file variable: a rows × cols matrix (one image) or a
     * rows × cols × n array (n images, MATLAB's {@code IMAGES(:, :, i)}), of any numeric type.
     *
     * @param file the MAT-file
     * @param variable the variable's name ({@code IMAGES} in Olshausen's file)
     * @return the images, named {@code variable[i]} with i from 1 as in MATLAB
     * @throws IOException if the file is missing, not a v5 MAT-file, or the variable is absent or not
     *     a real 2-D or 3-D numeric array
     */
    public static List<GreyImage> readMat(Path file, String variable) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist");
        }
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Matrix matrix = matrix(mat, file, variable);
            int[] dims = matrix.getDimensions();
            int rows = dims[0];
            int cols = dims[1];
            int count = dims.length == 3 ? dims[2] : 1;
            List<GreyImage> images = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                float[] pixels = new float[rows * cols];
                int base = i * rows * cols;
                for (int c = 0; c < cols; c++) {
                    for (int r = 0; r < rows; r++) {
                        // MATLAB stores column-major: element (r, c, i) is at r + rows·(c + cols·i).
                        pixels[r * cols + c] = (float) matrix.getDouble(base + r + rows * c);
                    }
                }
                images.add(new GreyImage(variable + "[" + (i + 1) + "]", rows, cols, pixels));
            }
            return images;
        } catch (IOException e) {
            throw new IOException(file + " cannot be read as a MATLAB v5 MAT-file (" + e.getMessage()
                    + "); a v7.3 (HDF5) file must be re-saved in MATLAB with save(name, 'IMAGES', '-v7')", e);
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw new IOException(e.getMessage(), e);
            }
            throw new IOException(file + " cannot be read as a MATLAB v5 MAT-file (" + e + ")", e);
        }
    }

    private static Matrix matrix(MatFile mat, Path file, String variable) {
        List<String> names = new ArrayList<>();
        mat.getEntries().forEach(entry -> names.add(entry.getName()));
        if (!names.contains(variable)) {
            throw new IllegalArgumentException(file + " has no variable '" + variable + "' (it has " + names
                    + "); set data-sources.patches.mat-variable");
        }
        Object array = mat.getArray(variable);
        if (!(array instanceof Matrix matrix) || matrix.isComplex()) {
            throw new IllegalArgumentException(file + ": variable '" + variable + "' is not a real numeric array");
        }
        int[] dims = matrix.getDimensions();
        if (dims.length < 2 || dims.length > 3 || matrix.getNumElements() == 0) {
            throw new IllegalArgumentException(file + ": variable '" + variable + "' has dimensions "
                    + java.util.Arrays.toString(dims) + "; expected rows × cols or rows × cols × images");
        }
        return matrix;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
