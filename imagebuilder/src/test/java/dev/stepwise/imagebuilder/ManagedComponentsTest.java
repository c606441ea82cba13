package dev.stepwise.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.imagebuilder.RecordCatalog.Stored;
import dev.stepwise.imagebuilder.component.ComponentDocuments;
import org.junit.jupiter.api.Test;

/** AWS's managed components: valid documents, AWS's ARNs and owner, and versions that wildcards select. */
class ManagedComponentsTest {

    @Test
    void everyManagedDocumentIsValid() {
        for (ManagedComponents.Definition d : ManagedComponents.definitions()) {
            assertThat(ComponentDocuments.read(d.data()).problems()).as(d.name()).isEmpty();
        }
    }

    @Test
    void aBuildHasAwsArnOwnerAndPlatform() {
        Stored update = ManagedComponents.build("eu-west-1",
                "arn:aws:imagebuilder:eu-west-1:aws:component/update-linux/1.0.2/1").orElseThrow();
        assertThat(update.body().path("owner").asText()).isEqualTo("Amazon");
        assertThat(update.body().path("platform").asText()).isEqualTo("Linux");
        assertThat(update.body().path("type").asText()).isEqualTo("BUILD");
        assertThat(update.body().path("state").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(ManagedComponents.build("us-east-1",
                "arn:aws:imagebuilder:eu-west-1:aws:component/update-linux/1.0.2/1")).isEmpty();
        assertThat(ManagedComponents.build("us-east-1",
                "arn:aws:imagebuilder:us-east-1:aws:component/reboot-test-linux/1.0.0/1").orElseThrow().body()
                .path("type").asText()).isEqualTo("TEST");
    }

    @Test
    void wildcardsSelectTheMatchingVersionsOldestFirst() {
        assertThat(ManagedComponents.matching("us-east-1", "aws-cli-version-2-linux", VersionSelector.ANY))
                .extracting(s -> s.body().path("version").asText()).containsExactly("1.0.0", "1.0.1", "1.0.2", "1.0.3");
        assertThat(ManagedComponents.matching("us-east-1", "update-windows", VersionSelector.parse("1.0.x")))
                .extracting(Stored::arn).last()
                .isEqualTo("arn:aws:imagebuilder:us-east-1:aws:component/update-windows/1.0.1/1");
        assertThat(ManagedComponents.matching("us-east-1", "update-linux", VersionSelector.parse("2.x.x"))).isEmpty();
    }
}
