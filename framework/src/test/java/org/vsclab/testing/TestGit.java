package org.vsclab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Runs git for tests that need a real work tree (committer set on the command line, no global config needed). */
public final class TestGit {

    private TestGit() {}

    /**
     * Runs a git command in a directory and fails the test if it fails.
     *
     * @param dir the work tree
     * @param args the git arguments, e.g. {@code "commit", "-m", "x"}
     * @throws Exception if git cannot be started
     */
    public static void git(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 7];
        System.arraycopy(new String[] {"git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", dir.toString()}, 0, command, 0, 7);
        System.arraycopy(args, 0, command, 7, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
    }

    /**
     * Makes a repository of a directory with everything in it committed.
     *
     * @param dir the directory
     * @throws Exception if git fails
     */
    public static void commitAll(Path dir) throws Exception {
        git(dir, "init", "-q");
        git(dir, "add", ".");
        git(dir, "commit", "-q", "-m", "test");
    }
}
