package dev.stepwise.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.ServiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents given by s3:// URI are read from the object store's folders, and from nowhere else. */
class DocumentSourceTest {
    @TempDir
    Path root;

    @Test
    void anObjectIsTheFileItsKeyNames() throws IOException {
        Files.createDirectories(root.resolve("docs/workflows"));
        Files.writeString(root.resolve("docs/workflows/build.yaml"), "schemaVersion: 1.0\n");
        assertThat(new DocumentSource(root).read("s3://docs/workflows/build.yaml")).isEqualTo("schemaVersion: 1.0\n");
    }

    @Test
    void missingObjectsOtherUrlsAndEscapesAreRefused() throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("secret.txt"), "not a bucket's");
        DocumentSource source = new DocumentSource(root);
        assertThatThrownBy(() -> source.read("s3://docs/none.yaml")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.getMessage()).isEqualTo("The value supplied for parameter 'uri' is not valid. The "
                        + "workflow document 's3://docs/none.yaml' does not exist."));
        assertThatThrownBy(() -> source.read("https://docs.s3.amazonaws.com/build.yaml"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "The value supplied for parameter 'uri' is not valid. The uri must be an S3 URL of the form "
                                + "s3://bucket/key."));
        assertThatThrownBy(() -> source.read("s3://docs/../secret.txt")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.errorName()).isEqualTo("InvalidParameterValueException"));
    }
}
