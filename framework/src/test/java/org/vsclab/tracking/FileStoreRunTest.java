package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vsclab.tracking.TestStores.T0;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;

class FileStoreRunTest {

    static final String EXP = "42";
    static final String RUN = "abcdef0123456789abcdef0123456789";

    @TempDir
    Path tmp;

    TestStores.MutableClock clock;
    TrackedRun run;
    Path runDir;

    @BeforeEach
    void startRun() {
        clock = new TestStores.MutableClock(T0);
        FileStoreTracker tracker = TestStores.tracker(tmp.resolve("mlruns"), clock, List.of(EXP), List.of(RUN));
        run = tracker.startRun(new RunSpec("exp", "run-a", Map.of()));
        runDir = tmp.resolve("mlruns").resolve(EXP).resolve(RUN);
    }

    private String read(String relative) throws Exception {
        return Files.readString(runDir.resolve(relative), StandardCharsets.UTF_8);
    }

    // --- params ---------------------------------------------------------------------------------

    @Test
    void paramsAreWrittenRawWithoutNewline() throws Exception {
        run.logParams(Map.of("lr", "0.001", "model/latent dim", "32"));
        assertThat(read("params/lr")).isEqualTo("0.001");
        assertThat(read("params/model/latent dim")).isEqualTo("32");
    }

    @Test
    void loggingTheSameParamValueAgainIsANoOp() throws Exception {
        run.logParams(Map.of("lr", "0.001"));
        assertThatCode(() -> run.logParams(Map.of("lr", "0.001"))).doesNotThrowAnyException();
        assertThat(read("params/lr")).isEqualTo("0.001");
    }

    @Test
    void emptyParamValueIsWriteOnceToo() throws Exception {
        run.logParams(Map.of("empty", ""));
        assertThat(read("params/empty")).isEmpty();
        assertThatCode(() -> run.logParams(Map.of("empty", ""))).doesNotThrowAnyException();
        assertThatThrownBy(() -> run.logParams(Map.of("empty", "x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void changingAParamValueFailsNamingKeyOldAndNewValue() throws Exception {
        run.logParams(Map.of("lr", "0.001"));
        assertThatThrownBy(() -> run.logParams(Map.of("lr", "0.01")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Changing param values is not allowed")
                .hasMessageContaining("'lr'")
                .hasMessageContaining("'0.001'")
                .hasMessageContaining("'0.01'");
        assertThat(read("params/lr")).isEqualTo("0.001");
    }

    @Test
    void aConflictingBatchWritesNothing() throws Exception {
        run.logParams(Map.of("lr", "0.001"));
        assertThatThrownBy(() -> run.logParams(Map.of("lr", "0.5", "seed", "1")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(runDir.resolve("params/seed")).doesNotExist();
    }

    @Test
    void longParamValueIsShortenedWithHashAndStoredInFullAsArtifact() throws Exception {
        String full = "x".repeat(5000) + "y".repeat(2000);
        run.logParams(Map.of("config", full));
        String stored = read("params/config");
        assertThat(stored).hasSize(MlflowLimits.MAX_PARAM_VALUE_LENGTH);
        assertThat(stored).startsWith("x".repeat(5000)).matches("(?s).*y\\.\\.\\.sha256:[0-9a-f]{16}$");
        // sha256 of 5000 x + 2000 y, first 16 hex digits
        assertThat(stored).endsWith("..." + "sha256:" + sha256Prefix(full));
        assertThat(read("artifacts/long-values/params/config.txt")).isEqualTo(full);
        // the same long value again is still a no-op, a different one fails
        assertThatCode(() -> run.logParams(Map.of("config", full))).doesNotThrowAnyException();
        assertThatThrownBy(() -> run.logParams(Map.of("config", full + "z")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void paramOfExactly6000CharactersIsKept() throws Exception {
        String value = "p".repeat(6000);
        run.logParams(Map.of("k", value));
        assertThat(read("params/k")).isEqualTo(value);
        assertThat(runDir.resolve("artifacts/long-values")).doesNotExist();
    }

    @Test
    void longTagValueIsShortenedAt5000() throws Exception {
        String full = "t".repeat(5001);
        run.setTags(Map.of("mlflow.note.content", full));
        String stored = read("tags/mlflow.note.content");
        assertThat(stored).hasSize(MlflowLimits.MAX_TAG_VALUE_LENGTH).endsWith("sha256:" + sha256Prefix(full));
        assertThat(read("artifacts/long-values/tags/mlflow.note.content.txt")).isEqualTo(full);
    }

    @Test
    void shorteningCountsCodePointsAndNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        String value = emoji.repeat(3000); // 3000 code points: within the limit
        assertThat(MlflowLimits.shorten(value, 6000)).isEqualTo(value);
        String longer = emoji.repeat(7000);
        String shortened = MlflowLimits.shorten(longer, 6000);
        assertThat(shortened.codePointCount(0, shortened.length())).isEqualTo(6000);
        assertThat(Character.isHighSurrogate(shortened.charAt(shortened.indexOf("...") - 1))).isFalse();
    }

    // --- keys -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a/../b", "..", "a//b", "a/", "./a", "bad*key", "semi;colon", "tab\tkey",
        "back\\slash"})
    void invalidKeysAreRejectedNamingTheKey(String key) {
        assertThatThrownBy(() -> run.logParams(Map.of(key, "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'");
        assertThatThrownBy(() -> run.logMetrics(Map.of(key, 1.0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'");
        assertThatThrownBy(() -> run.setTags(Map.of(key, "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'");
    }

    @Test
    void keyLengthLimitIs250() {
        assertThatCode(() -> run.logParams(Map.of("k".repeat(250), "v"))).doesNotThrowAnyException();
        String tooLong = "k".repeat(251);
        assertThatThrownBy(() -> run.logParams(Map.of(tooLong, "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(tooLong);
    }

    @ParameterizedTest
    @ValueSource(strings = {"loss", "train/loss", "a.b-c d_e", "kl..term", "ünïcode", "x/y/z"})
    void validKeysAreAccepted(String key) {
        assertThatCode(() -> run.logMetrics(Map.of(key, 1.0), 0)).doesNotThrowAnyException();
        assertThatCode(() -> MlflowLimits.validateKey("tag", key)).doesNotThrowAnyException();
    }

    // --- metrics --------------------------------------------------------------------------------

    @Test
    void metricsAreBufferedUntilFlush() throws Exception {
        run.logMetrics(Map.of("loss", 0.5), 0);
        assertThat(runDir.resolve("metrics/loss")).doesNotExist();
        run.flush();
        assertThat(read("metrics/loss")).isEqualTo(T0 + " 0.5 0\n");
    }

    @Test
    void metricsAreFlushedAutomaticallyAfterMoreThanOneSecond() throws Exception {
        run.logMetrics(Map.of("loss", 0.5), 0);
        clock.advance(1000);
        run.logMetrics(Map.of("loss", 0.25), 1);
        assertThat(runDir.resolve("metrics/loss")).doesNotExist();
        clock.advance(1);
        run.logMetrics(Map.of("loss", 0.125), 2);
        assertThat(read("metrics/loss")).isEqualTo(
                T0 + " 0.5 0\n" + (T0 + 1000) + " 0.25 1\n" + (T0 + 1001) + " 0.125 2\n");
    }

    @Test
    void oneLinePerValueInPythonFormatAndSubFoldersForSlashes() throws Exception {
        run.logMetrics(Map.of("train/kl", 1e-05, "loss", Double.NaN), 0);
        clock.advance(10);
        run.logMetrics(Map.of("train/kl", Double.POSITIVE_INFINITY, "loss", 100.0), 7);
        run.flush();
        assertThat(read("metrics/train/kl")).isEqualTo(T0 + " 1e-05 0\n" + (T0 + 10) + " inf 7\n");
        assertThat(read("metrics/loss")).isEqualTo(T0 + " nan 0\n" + (T0 + 10) + " 100.0 7\n");
    }

    // --- tags and artifacts ---------------------------------------------------------------------

    @Test
    void tagsOverwriteAndRunNameTagRewritesMeta() throws Exception {
        assertThat(read("tags/mlflow.runName")).isEqualTo("run-a");
        run.setTags(Map.of("note", "first"));
        run.setTags(Map.of("note", "second"));
        assertThat(read("tags/note")).isEqualTo("second");
        run.setTags(Map.of("mlflow.runName", "renamed"));
        assertThat(read("tags/mlflow.runName")).isEqualTo("renamed");
        assertThat(read("meta.yaml")).contains("\nrun_name: renamed\n");
    }

    @Test
    void nullTagValueIsWrittenAsEmptyString() throws Exception {
        Map<String, String> tags = new java.util.HashMap<>();
        tags.put("empty", null);
        run.setTags(tags);
        assertThat(read("tags/empty")).isEmpty();
    }

    @Test
    void artifactsAreWrittenAndReplaced() throws Exception {
        run.logArtifact("config/resolved.conf", "a = 1".getBytes(StandardCharsets.UTF_8));
        run.logArtifact("config/resolved.conf", "a = 2".getBytes(StandardCharsets.UTF_8));
        assertThat(read("artifacts/config/resolved.conf")).isEqualTo("a = 2");
        try (var files = Files.list(runDir.resolve("artifacts/config"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("resolved.conf");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.txt", "/etc/passwd", "a/../../x", "", "a//b", "./a"})
    void artifactPathsThatEscapeAreRejected(String path) {
        assertThatThrownBy(() -> run.logArtifact(path, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tmp.resolve("mlruns").resolve(EXP).resolve(RUN).resolve("escape.txt")).doesNotExist();
    }

    // --- lifecycle ------------------------------------------------------------------------------

    @Test
    void endFlushesMetricsAndRecordsStatusAndEndTime() throws Exception {
        run.logMetrics(Map.of("loss", 0.5), 0);
        clock.set(T0 + 5000);
        run.end(RunStatus.KILLED);
        assertThat(read("metrics/loss")).isEqualTo(T0 + " 0.5 0\n");
        String meta = read("meta.yaml");
        assertThat(meta).contains("\nstatus: 5\n").contains("\nend_time: " + (T0 + 5000) + "\n");
        try (var files = Files.list(runDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("meta.yaml", "metrics", "params", "tags", "artifacts", RunOwner.DIR);
        }
    }

    @Test
    void endingTwiceFails() {
        run.end(RunStatus.FINISHED);
        assertThatThrownBy(() -> run.end(RunStatus.FAILED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RUN);
    }

    @Test
    void loggingAfterEndFails() throws Exception {
        run.end(RunStatus.FAILED);
        assertThatThrownBy(() -> run.logParams(Map.of("a", "1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> run.logMetrics(Map.of("a", 1.0), 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> run.setTags(Map.of("a", "1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> run.logArtifact("a.txt", new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThat(runDir.resolve("params/a")).doesNotExist();
        assertThat(read("meta.yaml")).contains("\nstatus: 4\n");
    }

    @Test
    void endRejectsNonTerminalStatuses() {
        assertThatThrownBy(() -> run.end(RunStatus.RUNNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> run.end(RunStatus.FINISHED)).doesNotThrowAnyException();
    }

    private static String sha256Prefix(String s) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.substring(0, 16);
    }
}
