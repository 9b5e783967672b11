package org.vsclab.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How to start {@code vsc} in a new JVM exactly as this one was started ({@code bin/vsc}'s java
 * command): the same java, JVM flags, classpath and plugin directories. Debugger and agent flags are
 * not passed on; the engine settings a launcher (Surefire, an IDE) set as system properties are.
 * Engine thread counts are not: each child gets its share of the cores through {@code
 * -XX:ActiveProcessorCount} instead, so that {@code threads = 0} means "my share".
 *
 * @param java the java binary
 * @param jvmFlags the JVM flags
 * @param classpath the classpath
 * @param pluginDirs the plugin directories (absolute)
 */
public record VscProcess(String java, List<String> jvmFlags, String classpath, List<Path> pluginDirs) {

    /** The main class of the command line. */
    public static final String MAIN = "org.vsclab.cli.Vsc";

    /** System properties passed on when a launcher set them after the JVM started. */
    private static final List<String> PASSED_PREFIXES = List.of("ai.djl.", "org.bytedeco.", "java.awt.headless", "vsc.");

    /** Properties a child must choose for itself (its share of the cores). */
    private static final Set<String> NOT_PASSED = Set.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads");

    /** Copies the lists. */
    public VscProcess {
        jvmFlags = List.copyOf(jvmFlags);
        pluginDirs = pluginDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * Describes this JVM.
     *
     * @param pluginDirs the plugin directories the session uses
     * @return how to start another like it
     */
    public static VscProcess current(List<Path> pluginDirs) {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-agentlib:") || arg.startsWith("-javaagent:") || arg.startsWith("-Xrunjdwp")
                    || arg.startsWith("-XX:ActiveProcessorCount=") || NOT_PASSED.stream().anyMatch(p -> arg.startsWith("-D" + p + "="))) {
                continue;
            }
            flags.add(arg);
        }
        for (String key : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
            boolean passed = PASSED_PREFIXES.stream().anyMatch(key::startsWith) && !NOT_PASSED.contains(key);
            if (passed && flags.stream().noneMatch(f -> f.startsWith("-D" + key + "="))) {
                flags.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new VscProcess(java, flags, System.getProperty("java.class.path"), pluginDirs);
    }

    /** Returns this process description with another java binary (a cluster's). */
    public VscProcess withJava(String otherJava) {
        return new VscProcess(otherJava, jvmFlags, classpath, pluginDirs);
    }

    /**
     * Returns the command that runs {@code vsc} with some arguments.
     *
     * @param extraJvmFlags flags added after this JVM's (e.g. {@code -XX:ActiveProcessorCount=1})
     * @param vscArgs the {@code vsc} arguments after the plugin directories
     * @return the command
     */
    public List<String> command(List<String> extraJvmFlags, List<String> vscArgs) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(extraJvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN);
        for (Path dir : pluginDirs) {
            command.add("--plugins-dir");
            command.add(dir.toString());
        }
        command.addAll(vscArgs);
        return command;
    }
}
