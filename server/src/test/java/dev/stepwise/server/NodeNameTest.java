package dev.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node keeps its generated name in its data folder across restarts; a given name wins and must be one. */
class NodeNameTest {

    @Test
    void aGeneratedNameIsKeptInTheDataFolderAndFoundAgain(@TempDir Path data) throws Exception {
        String first = NodeName.resolve(data, null);
        assertThat(NodeName.valid(first)).isTrue();
        assertThat(Files.readString(data.resolve(NodeName.FILE)).strip()).isEqualTo(first);
        assertThat(NodeName.resolve(data, null)).as("after a restart").isEqualTo(first);
        assertThat(NodeName.resolve(Files.createTempDirectory(data, "other"), null))
                .as("another data folder, another node").isNotEqualTo(first);
    }

    @Test
    void aGivenNameWinsAndMustBeAName(@TempDir Path data) {
        assertThat(NodeName.resolve(data, "node-1.eu_west")).isEqualTo("node-1.eu_west");
        assertThat(Files.exists(data.resolve(NodeName.FILE))).isFalse();
        for (String bad : new String[] {"", "-lead", "has space", "a/b", "x".repeat(64)}) {
            assertThatThrownBy(() -> NodeName.resolve(data, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--node-id");
        }
    }
}
