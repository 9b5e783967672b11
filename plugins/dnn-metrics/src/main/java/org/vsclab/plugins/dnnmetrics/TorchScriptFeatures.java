package org.vsclab.plugins.dnnmetrics;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A feature extractor the user supplies as a TorchScript file, run through DJL's PyTorch engine: it
 * takes a batch of images (N, C, H, W) in [0, 1] and returns (N, d) features. For FID it is
 * torchvision's Inception-v3 without its last layer, with the resizing to 299×299 inside
 * ({@code plugins/dnn-metrics/scripts/make_inception_extractor.py}).
 */
public final class TorchScriptFeatures implements AutoCloseable {

    private final Path file;
    private final String sha256;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    /**
     * Loads the model.
     *
     * @param file the TorchScript file
     * @throws IOException naming the file if it is missing or not a TorchScript model DJL can load
     */
    public TorchScriptFeatures(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file. Make one with plugins/dnn-metrics/scripts/make_inception_extractor.py");
        }
        this.file = file;
        this.sha256 = sha256(file);
        try {
            this.model = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(file.toAbsolutePath())
                    .optEngine("PyTorch").optProgress(null).build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IOException(file + ": not a TorchScript model the PyTorch engine can load (" + e.getMessage()
                    + "); save it with torch.jit.script(module).save(path)", e);
        }
        this.predictor = model.newPredictor();
    }

    /**
     * Computes features.
     *
     * @param images (N, C, H, W) in [0, 1]
     * @return (N, d), float32
     */
    public NDArray features(NDArray images) {
        try {
            NDArray out = predictor.predict(new NDList(images)).singletonOrThrow();
            if (out.getShape().dimension() != 2 || out.getShape().get(0) != images.getShape().get(0)) {
                throw new IllegalStateException(file + ": the extractor returned " + out.getShape() + " for " + images.getShape()
                        + " images; it must return (N, features)");
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException(file + ": the extractor failed on a batch of " + images.getShape() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Returns the file's SHA-256, for the record of what computed a number. */
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
