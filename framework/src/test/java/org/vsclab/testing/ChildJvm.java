package org.vsclab.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class's {@code main} in a separate JVM with this test's class path, for fault tests that
 * need a real process: one killed with SIGKILL, several writing one store at once.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Starts {@code mainClass} with the arguments; its standard output is readable from the process,
     * its standard error goes to {@code log}.
     *
     * @param mainClass a class with a {@code main(String[])}
     * @param log where the child's standard error goes
     * @param args its arguments
     * @return the process
     * @throws IOException if it cannot be started
     */
    public static Process start(Class<?> mainClass, Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }
}
