package org.vsclab.plugins.conv;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The paper's convolutional encoder and decoder for one image size (method.md §12.2–12.5): the
 * encoder's convolutions (each followed by batch norm and ReLU) end at 1×1 with {@link #features()}
 * channels, which feed the linear heads; the decoder maps the code linearly to
 * {@link #seedChannels()}×{@link #seedSide()}², applies ReLU, then transposed convolutions, each
 * followed by batch norm and ReLU except the last, which is followed by a sigmoid.
 *
 * @param name the name used in configs
 * @param channels image channels
 * @param side image height = width
 * @param encoder the encoder's convolutions
 * @param seedChannels channels of the decoder's first feature map
 * @param seedSide side of the decoder's first feature map
 * @param decoder the decoder's transposed convolutions
 */
public record ConvArchitecture(String name, int channels, int side, List<ConvSpec> encoder, int seedChannels, int seedSide,
        List<ConvSpec> decoder) {

    /** Fashion-MNIST, 1×28×28 (§12.2, §12.4): features 128, decoder seed 128×1×1. */
    public static final ConvArchitecture FMNIST_28 = new ConvArchitecture("fmnist-28", 1, 28,
            List.of(new ConvSpec(1, 64, 4, 2, 1), new ConvSpec(64, 64, 4, 2, 1), new ConvSpec(64, 128, 4, 1, 0),
                    new ConvSpec(128, 128, 4, 2, 0)),
            128, 1,
            List.of(new ConvSpec(128, 128, 4, 2, 0), new ConvSpec(128, 64, 4, 1, 0), new ConvSpec(64, 64, 4, 2, 1),
                    new ConvSpec(64, 1, 4, 2, 1)));

    /** CelebA, 3×64×64 (§12.3, §12.5): features 256, decoder seed 256×2×2. */
    public static final ConvArchitecture CELEBA_64 = new ConvArchitecture("celeba-64", 3, 64,
            List.of(new ConvSpec(3, 64, 4, 2, 1), new ConvSpec(64, 64, 4, 2, 1), new ConvSpec(64, 128, 4, 2, 1),
                    new ConvSpec(128, 256, 4, 2, 1), new ConvSpec(256, 256, 4, 2, 0)),
            256, 2,
            List.of(new ConvSpec(256, 128, 4, 2, 1), new ConvSpec(128, 128, 4, 2, 1), new ConvSpec(128, 64, 4, 2, 1),
                    new ConvSpec(64, 64, 4, 2, 1), new ConvSpec(64, 3, 4, 2, 1)));

    /** The architectures a config can name. */
    public static final List<ConvArchitecture> ALL = List.of(FMNIST_28, CELEBA_64);

    /** Checks that the layers chain: channels match, the encoder ends at 1×1, the decoder ends at the image. */
    public ConvArchitecture {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
        int c = channels;
        int s = side;
        for (ConvSpec spec : encoder) {
            if (spec.in() != c) {
                throw new IllegalArgumentException(name + ": encoder layer " + spec + " after " + c + " channels");
            }
            c = spec.out();
            s = spec.convolvedSide(s);
        }
        if (s != 1) {
            throw new IllegalArgumentException(name + ": the encoder ends at " + s + "×" + s + ", not 1×1");
        }
        c = seedChannels;
        s = seedSide;
        for (ConvSpec spec : decoder) {
            if (spec.in() != c) {
                throw new IllegalArgumentException(name + ": decoder layer " + spec + " after " + c + " channels");
            }
            c = spec.out();
            s = spec.transposedSide(s);
        }
        if (c != channels || s != side) {
            throw new IllegalArgumentException(name + ": the decoder ends at " + c + "×" + s + "×" + s);
        }
    }

    /** Returns the encoder's feature width F (the heads' input). */
    public int features() {
        return encoder.get(encoder.size() - 1).out();
    }

    /** Returns the number of values per image, C·H·W. */
    public int dimension() {
        return channels * side * side;
    }

    /** Returns the image shape (C, H, W). */
    public Shape imageShape() {
        return new Shape(channels, side, side);
    }

    /** Returns the image shape as text, e.g. {@code 1×28×28}. */
    public String shapeText() {
        return channels + "×" + side + "×" + side;
    }

    /**
     * Finds an architecture by name.
     *
     * @param name e.g. {@code fmnist-28}
     * @return it, if known
     */
    public static Optional<ConvArchitecture> named(String name) {
        return ALL.stream().filter(a -> a.name.equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }

    /**
     * Finds the architecture for images of a shape.
     *
     * @param sampleShape the data's sample shape, e.g. (1, 28, 28)
     * @return the architecture, if one takes that shape
     */
    public static Optional<ConvArchitecture> forShape(Shape sampleShape) {
        return ALL.stream().filter(a -> a.imageShape().equals(sampleShape)).findFirst();
    }
}
