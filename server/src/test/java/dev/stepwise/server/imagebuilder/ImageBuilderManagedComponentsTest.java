package dev.stepwise.server.imagebuilder;

import static dev.stepwise.server.imagebuilder.ImageBuilderAsserts.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.api.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Component;
import software.amazon.awssdk.services.imagebuilder.model.ComponentVersion;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.ListComponentsResponse;
import software.amazon.awssdk.services.imagebuilder.model.Ownership;
import software.amazon.awssdk.services.imagebuilder.model.Platform;

/**
 * AWS's managed components through the AWS SDK for Java v2: listed with owner Amazon, read by
 * GetComponent (wildcard versions resolved to the newest matching build), named in recipes that
 * images are built from, and neither deleted nor tagged.
 */
class ImageBuilderManagedComponentsTest {
    private static final String AWS = "arn:aws:imagebuilder:us-east-1:aws:component/";

    @RegisterExtension
    static final ImageBuilderServer server = new ImageBuilderServer(ServerFixture::new);
    private static ImagebuilderClient ib;

    @BeforeAll
    static void connect() {
        ib = server.client();
    }

    private static final RecordsThroughTheSdk records = new RecordsThroughTheSdk(() -> ib);

    @Test
    void listComponentsWithOwnerAmazonListsTheManagedVersionsAPageAtATime() {
        List<ComponentVersion> all = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListComponentsResponse page = ib.listComponents(b -> b.owner(Ownership.AMAZON).maxResults(5).nextToken(t));
            assertThat(page.componentVersionList()).hasSizeLessThanOrEqualTo(5);
            all.addAll(page.componentVersionList());
            token = page.nextToken();
        } while (token != null);
        assertThat(all).extracting(ComponentVersion::arn).contains(AWS + "update-linux/1.0.0", AWS + "update-linux/1.0.2",
                AWS + "aws-cli-version-2-linux/1.0.3", AWS + "reboot-windows/1.0.1").doesNotHaveDuplicates();
        ComponentVersion update = all.stream().filter(c -> c.arn().equals(AWS + "update-linux/1.0.2")).findFirst()
                .orElseThrow();
        assertThat(update.owner()).isEqualTo("Amazon");
        assertThat(update.platform()).isEqualTo(Platform.LINUX);
        assertThat(update.typeAsString()).isEqualTo("BUILD");
        assertThat(update.version()).isEqualTo("1.0.2");

        assertThat(ib.listComponents(b -> b.owner(Ownership.AMAZON).byName(true)
                .filters(f -> f.name("name").values("update-linux"))).componentVersionList())
                .extracting(ComponentVersion::arn).containsExactly(AWS + "update-linux/1.0.2");
        assertThat(ib.listComponents(b -> b.owner(Ownership.AMAZON).filters(f -> f.name("platform").values("Windows")))
                .componentVersionList()).isNotEmpty().allMatch(c -> c.platform() == Platform.WINDOWS);
        // the caller's own listing holds none of them
        assertThat(ib.listComponents(b -> b.maxResults(25)).componentVersionList())
                .noneMatch(c -> c.arn().startsWith(AWS));
        assertThat(ib.listComponentBuildVersions(b -> b.componentVersionArn(AWS + "update-linux/1.0.1"))
                .componentSummaryList()).extracting(s -> s.arn()).containsExactly(AWS + "update-linux/1.0.1/1");
    }

    @Test
    void getComponentResolvesWildcardsToTheNewestManagedBuild() {
        Component newest = ib.getComponent(b -> b.componentBuildVersionArn(AWS + "aws-cli-version-2-linux/x.x.x"))
                .component();
        assertThat(newest.arn()).isEqualTo(AWS + "aws-cli-version-2-linux/1.0.3/1");
        assertThat(newest.owner()).isEqualTo("Amazon");
        assertThat(newest.data()).contains("schemaVersion");
        assertThat(newest.state().statusAsString()).isEqualTo("ACTIVE");
        assertThat(ib.getComponent(b -> b.componentBuildVersionArn(AWS + "update-windows/1.0.x")).component().arn())
                .isEqualTo(AWS + "update-windows/1.0.1/1");
        assertThat(ib.getComponent(b -> b.componentBuildVersionArn(AWS + "reboot-linux/1.0.0/1"))
                .latestVersionReferences().latestVersionArn()).isEqualTo(AWS + "reboot-linux/x.x.x");
        expectError(() -> ib.getComponent(b -> b.componentBuildVersionArn(AWS + "update-linux/9.x.x")),
                "ResourceNotFoundException", 404, "The resource '" + AWS + "update-linux/9.x.x' does not exist.");
        expectError(() -> ib.getComponent(b -> b.componentBuildVersionArn(AWS + "no-such-component/x.x.x")),
                "ResourceNotFoundException", 404, null);
        // another region's managed component is not this region's
        expectError(() -> ib.getComponent(b -> b.componentBuildVersionArn(
                "arn:aws:imagebuilder:eu-west-1:aws:component/update-linux/x.x.x")), "ResourceNotFoundException", 404,
                null);
    }

    @Test
    void aRecipeNamesManagedComponentsAndAnImageIsBuiltFromIt() {
        String infrastructure = records.infrastructure("managed");
        String recipe = ib.createImageRecipe(b -> b.name("managed").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0")
                .components(c -> c.componentArn(AWS + "update-linux/x.x.x"),
                        c -> c.componentArn(AWS + "aws-cli-version-2-linux/1.0.x"),
                        c -> c.componentArn(records.component()),
                        c -> c.componentArn(AWS + "reboot-linux/1.0.1/1"))
                .clientToken(RecordsThroughTheSdk.token())).imageRecipeArn();
        assertThat(ib.getImageRecipe(b -> b.imageRecipeArn(recipe)).imageRecipe().platform()).isEqualTo(Platform.LINUX);
        assertThat(ib.getImageRecipe(b -> b.imageRecipeArn(recipe)).imageRecipe().components())
                .extracting(c -> c.componentArn()).containsExactly(AWS + "update-linux/x.x.x",
                        AWS + "aws-cli-version-2-linux/1.0.x", records.component(), AWS + "reboot-linux/1.0.1/1");
        String image = ib.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infrastructure)
                .imageTestsConfiguration(t -> t.imageTestsEnabled(false)).clientToken(RecordsThroughTheSdk.token()))
                .imageBuildVersionArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(ImageStatus.AVAILABLE, ImageStatus.FAILED)
                .contains(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status()));
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.AVAILABLE);

        expectError(() -> ib.createImageRecipe(b -> b.name("mixed").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0")
                .components(c -> c.componentArn(AWS + "update-linux/x.x.x"), c -> c.componentArn(AWS
                        + "update-windows/x.x.x")).clientToken(RecordsThroughTheSdk.token())),
                "InvalidParameterValueException", null);
        expectError(() -> ib.createImageRecipe(b -> b.name("missing").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0").components(c -> c.componentArn(AWS + "update-linux/7.x.x"))
                .clientToken(RecordsThroughTheSdk.token())), "ResourceNotFoundException", 404, null);
        expectError(() -> ib.createImageRecipe(b -> b.name("bad-parameter").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0").components(c -> c.componentArn(AWS + "update-linux/x.x.x")
                        .parameters(p -> p.name("colour").value("red")))
                .clientToken(RecordsThroughTheSdk.token())), "InvalidParameterValueException", null);
    }

    @Test
    void managedComponentsAreNeitherDeletedNorTagged() {
        String arn = AWS + "update-linux/1.0.2/1";
        expectError(() -> ib.deleteComponent(b -> b.componentBuildVersionArn(arn)), "ForbiddenException", 403,
                "You are not authorized to delete the AWS managed component '" + arn + "'.");
        assertThat(ib.getComponent(b -> b.componentBuildVersionArn(arn)).component().arn()).isEqualTo(arn);
        assertThat(ib.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEmpty();
        expectError(() -> ib.tagResource(b -> b.resourceArn(arn).tags(Map.of("a", "b"))),
                "InvalidParameterException", null);
    }
}
