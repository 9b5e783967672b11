package org.vsclab.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code vsc} in a child JVM with this test JVM's classpath and engine settings, so a test can
 * do to it what happens to real runs: kill it with SIGKILL, or run several at once.
 */
final class ChildVsc {

    /** System properties the child needs to behave as the test JVM does (offline, caches, threads). */
    private static final List<String> PASSED_PROPERTIES = List.of("ai.djl.offline", "org.bytedeco.javacpp.cachedir",
            "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads", "java.awt.headless");

    private ChildVsc() {}

    /**
     * Starts {@code vsc} with the given arguments; its output goes to {@code log}.
     *
     * @param log the file that receives standard output and error
     * @param args the arguments
     * @return the process
     * @throws IOException if it cannot be started
     */
    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx1g");
        for (String key : PASSED_PROPERTIES) {
            String value = System.getProperty(key);
            if (value != null) {
                command.add("-D" + key + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.vsclab.cli.Vsc");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        return builder.start();
    }
}
