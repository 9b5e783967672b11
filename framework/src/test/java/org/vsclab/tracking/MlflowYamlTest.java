package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Quoting decisions must match PyYAML's {@code safe_dump} (outputs below were produced by PyYAML 6). */
class MlflowYamlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0                                | '0'",
        "123456789012345678               | '123456789012345678'",
        "\"\"                             | ''",
        "null                             | 'null'",
        "yes                              | 'yes'",
        "on                               | 'on'",
        "true                             | 'true'",
        "~                                | '~'",
        "1e5                              | 1e5",
        "12e45                            | 12e45",
        "1.5                              | '1.5'",
        ".5                               | '.5'",
        "0x1f                             | '0x1f'",
        "1_000                            | '1_000'",
        "12:30                            | '12:30'",
        "2025-11-27                       | '2025-11-27'",
        "=                                | '='",
        "a: b                             | 'a: b'",
        "alice                            | alice",
        "thresh-laplacian-seed0           | thresh-laplacian-seed0",
        "0f1e2d3c4b5a69788796a5b4c3d2e1f0 | 0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "héllo                            | héllo",
        "file:///abs/x y                  | file:///abs/x y",
    })
    void quotesStringsLikePyYaml(String value, String expected) {
        Map<String, Object> map = new HashMap<>();
        map.put("k", value);
        assertThat(MlflowYaml.dump(map)).isEqualTo("k: " + expected + "\n");
    }

    /**
     * Sorted keys, bare {@code null}, {@code []}. Unlike PyYAML's default (80 columns) long strings
     * are never folded: both spellings read back the same, and one line per field is easier to diff.
     */
    @Test
    void sortsKeysWritesNullBareAndEmptyListsInFlowStyle() throws Exception {
        Map<String, Object> map = new HashMap<>();
        map.put("z", 1);
        map.put("a", null);
        map.put("m", List.of());
        map.put("long", "word ".repeat(40).strip());
        String yaml = MlflowYaml.dump(map);
        assertThat(yaml).isEqualTo("a: null\nlong: " + "word ".repeat(40).strip() + "\nm: []\nz: 1\n");
        assertThat(MlflowYaml.parse(yaml, Path.of("x"))).containsEntry("z", 1).containsEntry("a", null)
                .containsEntry("m", List.of());
    }

    @Test
    void readsIdsAsPythonWould() throws Exception {
        Map<String, Object> map = MlflowYaml.parse("a: '0'\nb: 1e5\nc: 42\n", Path.of("x"));
        assertThat(map).containsEntry("a", "0").containsEntry("b", "1e5").containsEntry("c", 42);
    }
}
