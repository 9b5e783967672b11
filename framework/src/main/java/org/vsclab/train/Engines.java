package org.vsclab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Set-up of the training engine (DJL with PyTorch): threads before the engine starts, the device,
 * the seed, and PyTorch's thread-local gradient mode.
 */
public final class Engines {

    private static final String THREADS = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private Engines() {}

    /**
     * Sets the engine's intra-op thread count; effective only before the engine first starts.
     *
     * @param threads the count, or 0 for the number of available processors
     */
    public static void requestThreads(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, Integer.toString(n));
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
    }

    /** Returns the running engine, starting it if needed (offline mode is set by the launch scripts). */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /**
     * Resolves a device name.
     *
     * @param name {@code cpu} or {@code gpu} (or {@code gpu0}, {@code gpu1}, ...)
     * @return the device
     * @throws IllegalArgumentException if a GPU is asked for and the engine sees none
     */
    public static Device device(String name) {
        if ("cpu".equals(name)) {
            return Device.cpu();
        }
        if (name.matches("gpu[0-9]*")) {
            int gpus = engine().getGpuCount();
            int index = name.length() > 3 ? Integer.parseInt(name.substring(3)) : 0;
            if (index >= gpus) {
                throw new IllegalArgumentException("device = " + name + " but the PyTorch engine sees " + gpus
                        + " GPU(s). A GPU needs an NVIDIA driver and DJL's CUDA natives (pytorch-native-cu*) "
                        + "instead of pytorch-native-cpu on the classpath; use device = cpu otherwise.");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("device must be cpu or gpu[N], not '" + name + "'");
    }

    /**
     * Seeds the engine's random generator (parameter initialisation and sampling noise).
     *
     * @param seed the run's seed
     */
    public static void seed(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /**
     * Runs a computation with PyTorch's gradient recording off (no graph is kept even through
     * parameters that require gradients), restoring it afterwards.
     *
     * @param computation what to run
     * @param <T> its result type
     * @return its result
     */
    public static <T> T withoutGradients(java.util.function.Supplier<T> computation) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return computation.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    /**
     * Turns PyTorch's gradient recording off on the calling thread. PyTorch keeps this mode per
     * thread and a new thread starts with it on, under which in-place parameter updates fail.
     */
    public static void gradientsOffOnThisThread() {
        engine();
        JniUtils.setGradMode(false);
    }
}
