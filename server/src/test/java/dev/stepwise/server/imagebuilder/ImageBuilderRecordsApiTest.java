package dev.stepwise.server.imagebuilder;

import static dev.stepwise.server.imagebuilder.ImageBuilderAsserts.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.imagebuilder.ImageBuilderRecords;
import dev.stepwise.server.api.ServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.AmiDistributionConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.Component;
import software.amazon.awssdk.services.imagebuilder.model.ComponentConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.ComponentParameter;
import software.amazon.awssdk.services.imagebuilder.model.ComponentParameterDetail;
import software.amazon.awssdk.services.imagebuilder.model.ComponentStatus;
import software.amazon.awssdk.services.imagebuilder.model.ComponentType;
import software.amazon.awssdk.services.imagebuilder.model.ComponentVersion;
import software.amazon.awssdk.services.imagebuilder.model.CreateComponentRequest;
import software.amazon.awssdk.services.imagebuilder.model.CreateComponentResponse;
import software.amazon.awssdk.services.imagebuilder.model.CreateInfrastructureConfigurationRequest;
import software.amazon.awssdk.services.imagebuilder.model.Distribution;
import software.amazon.awssdk.services.imagebuilder.model.DistributionConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.EbsInstanceBlockDeviceSpecification;
import software.amazon.awssdk.services.imagebuilder.model.EbsVolumeType;
import software.amazon.awssdk.services.imagebuilder.model.Filter;
import software.amazon.awssdk.services.imagebuilder.model.GetComponentResponse;
import software.amazon.awssdk.services.imagebuilder.model.ImageRecipe;
import software.amazon.awssdk.services.imagebuilder.model.InfrastructureConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.imagebuilder.model.InstanceMetadataOptions;
import software.amazon.awssdk.services.imagebuilder.model.LatestVersionReferences;
import software.amazon.awssdk.services.imagebuilder.model.Logging;
import software.amazon.awssdk.services.imagebuilder.model.Platform;
import software.amazon.awssdk.services.imagebuilder.model.S3Logs;

/**
 * Image Builder's components, image recipes, infrastructure and distribution configurations
 * through the AWS SDK for Java v2 against the real server: create, get, list (a page at a time),
 * update and delete of each; client token idempotency; documents and members refused with AWS's
 * errors; unknown ARNs; a component a recipe uses can't be deleted; tags; another account's records
 * are not seen; and the records as {@link ImageBuilderRecords} hands them to image builds.
 */
class ImageBuilderRecordsApiTest {
    private static final String ACCOUNT = "123456789012";
    private static final String BOB = "222222222222";
    private static final String PREFIX = "arn:aws:imagebuilder:us-east-1:" + ACCOUNT + ":";

    @RegisterExtension
    static final ImageBuilderServer server = new ImageBuilderServer(
            () -> new ServerFixture(config -> config.withAccessKeyAccounts(Map.of("BOBKEY", BOB))));
    private static ImagebuilderClient ib;
    private static ImagebuilderClient bob;

    private static final String DOC = """
            name: Hello
            schemaVersion: 1.0
            parameters:
              - Greeting:
                  type: string
                  default: hello
                  description: What to say
            phases:
              - name: build
                steps:
                  - name: Say
                    action: ExecuteBash
                    inputs:
                      commands:
                        - echo "{{ Greeting }}"
            """;

    @BeforeAll
    static void connect() {
        ib = server.client();
        bob = server.client("BOBKEY", Region.US_EAST_1);
    }

    private static String component(String name, String version, String data) {
        return ib.createComponent(r -> r.name(name).semanticVersion(version).platform(Platform.LINUX).data(data))
                .componentBuildVersionArn();
    }

    private static String infrastructure(String name) {
        return ib.createInfrastructureConfiguration(r -> r.name(name).instanceProfileName("builder"))
                .infrastructureConfigurationArn();
    }

    private static String distribution(String name, String... regions) {
        List<Distribution> distributions = new ArrayList<>();
        for (String region : regions) {
            distributions.add(Distribution.builder().region(region).build());
        }
        return ib.createDistributionConfiguration(r -> r.name(name).distributions(distributions))
                .distributionConfigurationArn();
    }

    // ---- components

    @Test
    void aComponentIsCreatedAndReadBackWithEveryField() {
        Instant before = Instant.now().minusSeconds(1);
        CreateComponentResponse created = ib.createComponent(r -> r.name("Hello World_One").semanticVersion("1.2.0")
                .platform(Platform.LINUX).supportedOsVersions("Amazon Linux 2023").data(DOC).description("Says hello")
                .changeDescription("First").kmsKeyId("alias/mine").tags(Map.of("team", "images"))
                .clientToken("component-rich-1"));
        String arn = PREFIX + "component/hello-world-one/1.2.0/1";
        assertThat(created.componentBuildVersionArn()).isEqualTo(arn);
        assertThat(created.clientToken()).isEqualTo("component-rich-1");
        assertThat(created.requestId()).isEqualTo(created.responseMetadata().requestId()).isNotBlank();
        assertThat(created.latestVersionReferences()).isEqualTo(LatestVersionReferences.builder()
                .latestVersionArn(PREFIX + "component/hello-world-one/x.x.x")
                .latestMajorVersionArn(PREFIX + "component/hello-world-one/1.x.x")
                .latestMinorVersionArn(PREFIX + "component/hello-world-one/1.2.x")
                .latestPatchVersionArn(PREFIX + "component/hello-world-one/1.2.0").build());

        GetComponentResponse got = ib.getComponent(r -> r.componentBuildVersionArn(arn));
        assertThat(got.requestId()).isNotBlank().isNotEqualTo(created.requestId());
        Component c = got.component();
        assertThat(c.arn()).isEqualTo(arn);
        assertThat(c.name()).isEqualTo("Hello World_One");
        assertThat(c.version()).isEqualTo("1.2.0");
        assertThat(c.type()).isEqualTo(ComponentType.BUILD);
        assertThat(c.platform()).isEqualTo(Platform.LINUX);
        assertThat(c.supportedOsVersions()).containsExactly("Amazon Linux 2023");
        assertThat(c.description()).isEqualTo("Says hello");
        assertThat(c.changeDescription()).isEqualTo("First");
        assertThat(c.owner()).isEqualTo(ACCOUNT);
        assertThat(c.data()).isEqualTo(DOC);
        assertThat(c.kmsKeyId()).isEqualTo("alias/mine");
        assertThat(c.encrypted()).isTrue();
        assertThat(c.state().status()).isEqualTo(ComponentStatus.ACTIVE);
        assertThat(c.tags()).isEqualTo(Map.of("team", "images"));
        assertThat(c.parameters()).containsExactly(ComponentParameterDetail.builder().name("Greeting").type("string")
                .defaultValue("hello").description("What to say").build());
        assertThat(Instant.parse(c.dateCreated())).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(got.latestVersionReferences()).isEqualTo(created.latestVersionReferences());

        // the catalog holds exactly what GetComponent answers, for image builds to read
        JsonNode record = new ImageBuilderRecords(server.fixture().store()).component(arn).orElseThrow();
        assertThat(record.path("arn").asText()).isEqualTo(arn);
        assertThat(record.path("data").asText()).isEqualTo(DOC);
        assertThat(record.path("tags").path("team").asText()).isEqualTo("images");
        assertThat(new ImageBuilderRecords(server.fixture().store()).imageRecipe(arn)).isEmpty();
    }

    @Test
    void newBuildsAreNumberedPerVersionAndVersionArnsSelectTheNewest() {
        String first = component("numbered", "1.0.0", DOC);
        String second = ib.createComponent(r -> r.name("numbered").semanticVersion("1.0.0").platform(Platform.LINUX)
                .data(DOC).changeDescription("again")).componentBuildVersionArn();
        String other = component("numbered", "1.1.0", DOC);
        assertThat(List.of(first, second, other)).containsExactly(PREFIX + "component/numbered/1.0.0/1",
                PREFIX + "component/numbered/1.0.0/2", PREFIX + "component/numbered/1.1.0/1");
        expectError(() -> component("Numbered", "1.1.0", DOC), "ResourceInUseException", "The component '" + other
                + "' already exists with this configuration; create a new version or change the component.");

        assertThat(getComponent(PREFIX + "component/numbered/1.0.0")).isEqualTo(second);
        assertThat(getComponent(PREFIX + "component/numbered/1.x.x")).isEqualTo(other);
        assertThat(getComponent(PREFIX + "component/numbered/x.x.x")).isEqualTo(other);
        assertThat(getComponent(first)).isEqualTo(first);
        assertThat(ib.listComponentBuildVersions(r -> r.componentVersionArn(PREFIX + "component/numbered/1.0.0"))
                .componentSummaryList()).extracting(s -> s.arn()).containsExactly(first, second);

        assertThat(ib.deleteComponent(r -> r.componentBuildVersionArn(first)).componentBuildVersionArn())
                .isEqualTo(first);
        expectError(() -> ib.getComponent(r -> r.componentBuildVersionArn(first)), "ResourceNotFoundException", 404,
                "The resource '" + first + "' does not exist.");
        expectError(() -> ib.deleteComponent(r -> r.componentBuildVersionArn(first)), "ResourceNotFoundException",
                404, null);
        assertThat(getComponent(PREFIX + "component/numbered/1.0.x")).isEqualTo(second);
    }

    private static String getComponent(String arn) {
        return ib.getComponent(r -> r.componentBuildVersionArn(arn)).component().arn();
    }

    @Test
    void componentDocumentsAreCheckedAndReadFromTheObjectStore() throws IOException {
        expectError(() -> component("broken", "1.0.0", """
                schemaVersion: 1.0
                phases:
                  - name: build
                    steps:
                      - name: Run
                        action: RunEverything
                      - name: Run
                        action: Reboot
                """), "InvalidParameterValueException", null);
        expectError(() -> component("broken", "1.0.0", "schemaVersion: 3\nphases: []\n"),
                "InvalidParameterValueException", "The value supplied for parameter 'data' is not valid. The "
                        + "schemaVersion '3' is not supported; it must be 1.0. The document's phases must be a list of "
                        + "one to three phases (build, validate, test).");
        assertThat(ib.listComponents(r -> r.filters(Filter.builder().name("name").values("broken").build()))
                .componentVersionList()).isEmpty();

        Path object = server.fixture().dataDir().resolve("objects/component-docs/hello.yaml");
        Files.createDirectories(object.getParent());
        Files.writeString(object, DOC);
        String arn = ib.createComponent(r -> r.name("from-s3").semanticVersion("1.0.0").platform(Platform.LINUX)
                .uri("s3://component-docs/hello.yaml")).componentBuildVersionArn();
        assertThat(ib.getComponent(r -> r.componentBuildVersionArn(arn)).component().data()).isEqualTo(DOC);
        expectError(() -> ib.createComponent(r -> r.name("from-s3").semanticVersion("1.0.1").platform(Platform.LINUX)
                .uri("s3://component-docs/none.yaml")), "InvalidParameterValueException", "The value supplied for "
                + "parameter 'uri' is not valid. The component document 's3://component-docs/none.yaml' does not "
                + "exist.");
        expectError(() -> ib.createComponent(r -> r.name("dry").semanticVersion("1.0.0").platform(Platform.LINUX)
                .data(DOC).dryRun(true)), "DryRunOperationException", 412, null);
        assertThat(ib.listComponents(r -> r.filters(Filter.builder().name("name").values("dry").build()))
                .componentVersionList()).isEmpty();
    }

    @Test
    void theRequestsMembersAreCheckedAsTheModelSays() {
        expectError(() -> component("no", "1.0.0", DOC), "InvalidParameterValueException", "The value supplied for "
                + "parameter 'name' is not valid. 'name' must match pattern "
                + "^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$");
        expectError(() -> component("versioned", "1.0", DOC), "InvalidParameterValueException", "The value supplied "
                + "for parameter 'semanticVersion' is not valid. 'semanticVersion' must match pattern "
                + "^[0-9]+\\.[0-9]+\\.[0-9]+$");
        expectError(() -> component("versioned", "1073741824.0.0", DOC), "InvalidVersionNumberException", null);
        expectError(() -> ib.createComponent(r -> r.name("os-check").semanticVersion("1.0.0").platform("Solaris")
                .data(DOC)), "InvalidParameterValueException", "The value supplied for parameter 'platform' is not "
                + "valid. Valid values are Windows, Linux, macOS.");
        expectError(() -> ib.createComponent(r -> r.name("os-check").semanticVersion("1.0.0").data(DOC)),
                "InvalidRequestException", "The request must include the parameter 'platform'.");
        expectError(() -> ib.createComponent(r -> r.name("both").semanticVersion("1.0.0").platform(Platform.LINUX)
                .data(DOC).uri("s3://bucket/doc.yaml")), "InvalidParameterCombinationException",
                "You must specify exactly one of the data or uri properties.");
        expectError(() -> ib.getComponent(r -> r.componentBuildVersionArn("arn:aws:imagebuilder:us-east-1:" + ACCOUNT
                + ":component/Upper/1.0.0/1")), "InvalidParameterValueException", null);
        expectError(() -> ib.createInfrastructureConfiguration(r -> r.name("no-profile")), "InvalidRequestException",
                "The request must include the parameter 'instanceProfileName'.");
        expectError(() -> ib.createInfrastructureConfiguration(r -> r.name("bad-topic").instanceProfileName("p")
                .snsTopicArn("topic")), "InvalidParameterValueException", "The value supplied for parameter "
                + "'snsTopicArn' is not valid. 'snsTopicArn' must match pattern "
                + "^arn:aws[^:]*:sns:[^:]+:[0-9]{12}:[a-zA-Z0-9-_]{1,256}$");
        expectError(() -> ib.createImageRecipe(r -> r.name("disks").semanticVersion("1.0.0").parentImage(
                "ami-0123456789abcdef0").blockDeviceMappings(InstanceBlockDeviceMapping.builder().deviceName("/dev/xvda")
                .ebs(EbsInstanceBlockDeviceSpecification.builder().volumeSize(20000).build()).build())),
                "InvalidParameterValueException", "The value supplied for parameter "
                        + "'blockDeviceMappings[0].ebs.volumeSize' is not valid. It must be from 1 to 16000.");
        expectError(() -> ib.createDistributionConfiguration(r -> r.name("no-region").distributions(
                Distribution.builder().amiDistributionConfiguration(AmiDistributionConfiguration.builder()
                        .name("x-{{imagebuilder:buildDate}}").build()).build())), "InvalidRequestException",
                "The request must include the parameter 'distributions[0].region'.");
        expectError(() -> distribution("twice", "eu-west-1", "eu-west-1"), "InvalidParameterValueException",
                "The value supplied for parameter 'distributions' is not valid. The region 'eu-west-1' has more than "
                        + "one distribution; give each region once.");
    }

    // ---- client tokens

    @Test
    void aClientTokenRepeatsItsAnswerAndRefusesAnotherRequest() {
        CreateComponentRequest request = CreateComponentRequest.builder().name("idempotent").semanticVersion("1.0.0")
                .platform(Platform.LINUX).data(DOC).clientToken("retry-component").build();
        String first = ib.createComponent(request).componentBuildVersionArn();
        assertThat(ib.createComponent(request).componentBuildVersionArn()).isEqualTo(first);
        assertThat(ib.listComponentBuildVersions(r -> r.componentVersionArn(PREFIX + "component/idempotent/1.0.0"))
                .componentSummaryList()).hasSize(1);
        expectError(() -> ib.createComponent(request.toBuilder().description("changed").build()),
                "IdempotentParameterMismatchException",
                "The client token 'retry-component' was already used for a request with different parameters.");

        CreateInfrastructureConfigurationRequest infra = CreateInfrastructureConfigurationRequest.builder()
                .name("idempotent").instanceProfileName("builder").clientToken("retry-infra").build();
        String arn = ib.createInfrastructureConfiguration(infra).infrastructureConfigurationArn();
        assertThat(ib.createInfrastructureConfiguration(infra).infrastructureConfigurationArn()).isEqualTo(arn);
        expectError(() -> ib.createInfrastructureConfiguration(infra.toBuilder().keyPair("other").build()),
                "IdempotentParameterMismatchException", null);
        expectError(() -> ib.createInfrastructureConfiguration(infra.toBuilder().clientToken("new-token").build()),
                "ResourceAlreadyExistsException", "The following resource 'InfrastructureConfiguration' already "
                        + "exists: '" + arn + "'.");
        assertThat(ib.updateInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn)
                .instanceProfileName("other").clientToken("retry-update")).clientToken()).isEqualTo("retry-update");
        expectError(() -> ib.updateInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn)
                .instanceProfileName("third").clientToken("retry-update")), "IdempotentParameterMismatchException",
                null);
    }

    // ---- image recipes

    @Test
    void aRecipeUsesItsComponentsWhichCantBeDeletedWhileItExists() {
        String hello = component("recipe-part", "1.0.0", DOC);
        String recipeArn = ib.createImageRecipe(r -> r.name("Web Server").semanticVersion("2.0.0")
                .description("web").parentImage("ami-0123456789abcdef0").workingDirectory("/tmp")
                .components(ComponentConfiguration.builder().componentArn(PREFIX + "component/recipe-part/x.x.x")
                        .parameters(ComponentParameter.builder().name("Greeting").value("hi").build()).build())
                .blockDeviceMappings(InstanceBlockDeviceMapping.builder().deviceName("/dev/xvda")
                        .ebs(EbsInstanceBlockDeviceSpecification.builder().volumeSize(20).volumeType(EbsVolumeType.GP3)
                                .deleteOnTermination(true).build()).build())
                .additionalInstanceConfiguration(c -> c.userDataOverride("ZWNobyBoaQ==")
                        .systemsManagerAgent(s -> s.uninstallAfterBuild(true)))
                .tags(Map.of("app", "web"))).imageRecipeArn();
        assertThat(recipeArn).isEqualTo(PREFIX + "image-recipe/web-server/2.0.0");

        ImageRecipe recipe = ib.getImageRecipe(r -> r.imageRecipeArn(recipeArn)).imageRecipe();
        assertThat(recipe.arn()).isEqualTo(recipeArn);
        assertThat(recipe.name()).isEqualTo("Web Server");
        assertThat(recipe.version()).isEqualTo("2.0.0");
        assertThat(recipe.platform()).isEqualTo(Platform.LINUX);
        assertThat(recipe.owner()).isEqualTo(ACCOUNT);
        assertThat(recipe.typeAsString()).isEqualTo("AMI");
        assertThat(recipe.parentImage()).isEqualTo("ami-0123456789abcdef0");
        assertThat(recipe.workingDirectory()).isEqualTo("/tmp");
        assertThat(recipe.components()).singleElement().satisfies(c -> {
            assertThat(c.componentArn()).isEqualTo(PREFIX + "component/recipe-part/x.x.x");
            assertThat(c.parameters()).containsExactly(ComponentParameter.builder().name("Greeting").value("hi")
                    .build());
        });
        assertThat(recipe.blockDeviceMappings().get(0).ebs().volumeType()).isEqualTo(EbsVolumeType.GP3);
        assertThat(recipe.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(20);
        assertThat(recipe.additionalInstanceConfiguration().systemsManagerAgent().uninstallAfterBuild()).isTrue();
        assertThat(recipe.tags()).isEqualTo(Map.of("app", "web"));
        assertThat(ib.getImageRecipe(r -> r.imageRecipeArn(PREFIX + "image-recipe/web-server/x.x.x")).imageRecipe()
                .arn()).isEqualTo(recipeArn);
        assertThat(new ImageBuilderRecords(server.fixture().store()).imageRecipe(recipeArn)).hasValueSatisfying(
                body -> assertThat(body.path("components").get(0).path("componentArn").asText())
                        .endsWith("recipe-part/x.x.x"));

        expectError(() -> ib.createImageRecipe(r -> r.name("web server").semanticVersion("2.0.0")
                .parentImage("ami-0123456789abcdef0")), "ResourceAlreadyExistsException",
                "The following resource 'ImageRecipe' already exists: '" + recipeArn + "'.");
        assertThat(new ImageBuilderRecords(server.fixture().store()).inUse(hello)).isTrue();
        expectError(() -> ib.deleteComponent(r -> r.componentBuildVersionArn(hello)), "ResourceDependencyException",
                "Resource dependency error: The resource ARN '" + hello + "' has other resources depended on it.");

        assertThat(ib.deleteImageRecipe(r -> r.imageRecipeArn(recipeArn)).imageRecipeArn()).isEqualTo(recipeArn);
        expectError(() -> ib.getImageRecipe(r -> r.imageRecipeArn(recipeArn)), "ResourceNotFoundException", 404,
                null);
        assertThat(new ImageBuilderRecords(server.fixture().store()).inUse(hello)).isFalse();
        ib.deleteComponent(r -> r.componentBuildVersionArn(hello));
    }

    @Test
    void aRecipesComponentsMustExistTakeTheirParametersAndShareAPlatform() {
        String linux = component("linux-part", "1.0.0", DOC);
        String windows = ib.createComponent(r -> r.name("windows-part").semanticVersion("1.0.0")
                .platform(Platform.WINDOWS).data(DOC)).componentBuildVersionArn();
        String missing = PREFIX + "component/nothing/1.0.0/1";
        expectError(() -> recipe("orphan", missing), "ResourceNotFoundException", 404,
                "The resource '" + missing + "' does not exist.");
        expectError(() -> ib.createImageRecipe(r -> r.name("params").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0").components(ComponentConfiguration.builder().componentArn(linux)
                        .parameters(ComponentParameter.builder().name("Colour").value("red").build()).build())),
                "InvalidParameterValueException", "The value supplied for parameter 'components' is not valid. The "
                        + "component '" + linux + "' has no parameter 'Colour'.");
        expectError(() -> recipe("mixed", linux, windows), "InvalidParameterValueException", null);
        expectError(() -> ib.createImageRecipe(r -> r.name("parent").semanticVersion("1.0.0")
                .parentImage("ubuntu")), "InvalidParameterValueException", null);
        assertThat(ib.listImageRecipes(r -> r.filters(Filter.builder().name("name")
                .values("orphan", "params", "mixed", "parent").build())).imageRecipeSummaryList()).isEmpty();
        assertThat(ib.getImageRecipe(r -> r.imageRecipeArn(recipe("windows-only", windows))).imageRecipe().platform())
                .isEqualTo(Platform.WINDOWS);
    }

    private static String recipe(String name, String... componentArns) {
        List<ComponentConfiguration> components = new ArrayList<>();
        for (String arn : componentArns) {
            components.add(ComponentConfiguration.builder().componentArn(arn).build());
        }
        return ib.createImageRecipe(r -> r.name(name).semanticVersion("1.0.0").parentImage("ami-0123456789abcdef0")
                .components(components)).imageRecipeArn();
    }

    // ---- configurations

    @Test
    void anInfrastructureConfigurationIsCreatedUpdatedAndDeleted() {
        String arn = ib.createInfrastructureConfiguration(r -> r.name("Small Builders").description("small")
                .instanceTypes("t3.micro", "t3.small").instanceProfileName("builder").subnetId("subnet-1")
                .securityGroupIds("sg-1").keyPair("mine").snsTopicArn("arn:aws:sns:us-east-1:" + ACCOUNT + ":done")
                .logging(Logging.builder().s3Logs(S3Logs.builder().s3BucketName("logs").s3KeyPrefix("ib").build())
                        .build())
                .instanceMetadataOptions(InstanceMetadataOptions.builder().httpTokens("required")
                        .httpPutResponseHopLimit(2).build())
                .resourceTags(Map.of("cost", "ib")).tags(Map.of("team", "images"))).infrastructureConfigurationArn();
        assertThat(arn).isEqualTo(PREFIX + "infrastructure-configuration/small-builders");
        InfrastructureConfiguration c = ib.getInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn))
                .infrastructureConfiguration();
        assertThat(c.arn()).isEqualTo(arn);
        assertThat(c.name()).isEqualTo("Small Builders");
        assertThat(c.instanceTypes()).containsExactly("t3.micro", "t3.small");
        assertThat(c.instanceProfileName()).isEqualTo("builder");
        assertThat(c.securityGroupIds()).containsExactly("sg-1");
        assertThat(c.logging().s3Logs().s3BucketName()).isEqualTo("logs");
        assertThat(c.instanceMetadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
        assertThat(c.terminateInstanceOnFailure()).isTrue();
        assertThat(c.resourceTags()).isEqualTo(Map.of("cost", "ib"));
        assertThat(c.tags()).isEqualTo(Map.of("team", "images"));
        assertThat(c.dateCreated()).isNotNull();
        assertThat(c.dateUpdated()).isNull();

        ib.updateInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn).instanceProfileName("bigger")
                .instanceTypes("m5.large").terminateInstanceOnFailure(false));
        InfrastructureConfiguration updated = ib.getInfrastructureConfiguration(
                r -> r.infrastructureConfigurationArn(arn)).infrastructureConfiguration();
        assertThat(updated.instanceProfileName()).isEqualTo("bigger");
        assertThat(updated.instanceTypes()).containsExactly("m5.large");
        assertThat(updated.terminateInstanceOnFailure()).isFalse();
        assertThat(updated.description()).isNull();
        assertThat(updated.tags()).isEqualTo(Map.of("team", "images"));
        assertThat(updated.dateCreated()).isEqualTo(c.dateCreated());
        assertThat(updated.dateUpdated()).isNotNull();
        assertThat(new ImageBuilderRecords(server.fixture().store()).infrastructureConfiguration(arn)).hasValueSatisfying(
                body -> assertThat(body.path("instanceProfileName").asText()).isEqualTo("bigger"));

        assertThat(ib.deleteInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn))
                .infrastructureConfigurationArn()).isEqualTo(arn);
        expectError(() -> ib.getInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn)),
                "ResourceNotFoundException", 404, "The resource '" + arn + "' does not exist.");
        expectError(() -> ib.updateInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(arn)
                .instanceProfileName("x")), "ResourceNotFoundException", 404, null);
    }

    @Test
    void aDistributionConfigurationIsCreatedUpdatedAndDeleted() {
        String arn = ib.createDistributionConfiguration(r -> r.name("Europe").description("eu").distributions(
                Distribution.builder().region("eu-west-1").amiDistributionConfiguration(
                        AmiDistributionConfiguration.builder().name("web-{{imagebuilder:buildDate}}")
                                .amiTags(Map.of("built", "by-ib")).targetAccountIds(BOB).build()).build(),
                Distribution.builder().region("eu-central-1").build()).tags(Map.of("team", "images")))
                .distributionConfigurationArn();
        assertThat(arn).isEqualTo(PREFIX + "distribution-configuration/europe");
        DistributionConfiguration d = ib.getDistributionConfiguration(r -> r.distributionConfigurationArn(arn))
                .distributionConfiguration();
        assertThat(d.name()).isEqualTo("Europe");
        assertThat(d.description()).isEqualTo("eu");
        assertThat(d.timeoutMinutes()).isEqualTo(720);
        assertThat(d.distributions()).extracting(Distribution::region).containsExactly("eu-west-1", "eu-central-1");
        assertThat(d.distributions().get(0).amiDistributionConfiguration().amiTags()).isEqualTo(Map.of("built",
                "by-ib"));
        assertThat(d.distributions().get(0).amiDistributionConfiguration().targetAccountIds()).containsExactly(BOB);
        assertThat(d.tags()).isEqualTo(Map.of("team", "images"));

        ib.updateDistributionConfiguration(r -> r.distributionConfigurationArn(arn).description("eu and us")
                .distributions(Distribution.builder().region("us-west-2").build()));
        assertThat(ib.listDistributionConfigurations(r -> r.filters(Filter.builder().name("name").values("Europe")
                .build())).distributionConfigurationSummaryList()).singleElement().satisfies(s -> {
                    assertThat(s.arn()).isEqualTo(arn);
                    assertThat(s.regions()).containsExactly("us-west-2");
                    assertThat(s.description()).isEqualTo("eu and us");
                    assertThat(s.dateUpdated()).isNotNull();
                });
        ib.deleteDistributionConfiguration(r -> r.distributionConfigurationArn(arn));
        expectError(() -> ib.deleteDistributionConfiguration(r -> r.distributionConfigurationArn(arn)),
                "ResourceNotFoundException", 404, null);
    }

    // ---- listings, tags, accounts

    @Test
    void everyListingIsReadOneItemAtATime() {
        for (String name : List.of("paged-a", "paged-b", "paged-c")) {
            component(name, "1.0.0", DOC);
            component(name, "2.0.0", DOC);
            infrastructure(name);
            distribution(name, "us-west-2");
        }
        String part = component("paged-part", "1.0.0", DOC);
        for (String name : List.of("paged-a", "paged-b", "paged-c")) {
            recipe(name, part);
        }
        Filter names = Filter.builder().name("name").values("paged-a", "paged-b", "paged-c").build();

        assertThat(pages(t -> {
            var page = ib.listComponents(r -> r.maxResults(1).nextToken(t).filters(names));
            return new Page(page.componentVersionList().stream().map(ComponentVersion::arn).toList(), page.nextToken());
        })).containsExactly(PREFIX + "component/paged-a/1.0.0", PREFIX + "component/paged-a/2.0.0",
                PREFIX + "component/paged-b/1.0.0", PREFIX + "component/paged-b/2.0.0",
                PREFIX + "component/paged-c/1.0.0", PREFIX + "component/paged-c/2.0.0");
        assertThat(pages(t -> {
            var page = ib.listComponents(r -> r.maxResults(1).nextToken(t).filters(names).byName(true));
            return new Page(page.componentVersionList().stream().map(ComponentVersion::version).toList(),
                    page.nextToken());
        })).containsExactly("2.0.0", "2.0.0", "2.0.0");
        assertThat(pages(t -> {
            var page = ib.listComponentBuildVersions(r -> r.maxResults(1).nextToken(t)
                    .componentVersionArn(PREFIX + "component/paged-b/2.0.0"));
            return new Page(page.componentSummaryList().stream().map(s -> s.arn()).toList(), page.nextToken());
        })).containsExactly(PREFIX + "component/paged-b/2.0.0/1");
        assertThat(pages(t -> {
            var page = ib.listImageRecipes(r -> r.maxResults(1).nextToken(t).filters(names));
            return new Page(page.imageRecipeSummaryList().stream().map(s -> s.arn()).toList(), page.nextToken());
        })).containsExactly(PREFIX + "image-recipe/paged-a/1.0.0", PREFIX + "image-recipe/paged-b/1.0.0",
                PREFIX + "image-recipe/paged-c/1.0.0");
        assertThat(pages(t -> {
            var page = ib.listInfrastructureConfigurations(r -> r.maxResults(1).nextToken(t).filters(names));
            return new Page(page.infrastructureConfigurationSummaryList().stream().map(s -> s.name()).toList(),
                    page.nextToken());
        })).containsExactly("paged-a", "paged-b", "paged-c");
        assertThat(pages(t -> {
            var page = ib.listDistributionConfigurations(r -> r.maxResults(1).nextToken(t).filters(names));
            return new Page(page.distributionConfigurationSummaryList().stream().map(s -> s.name()).toList(),
                    page.nextToken());
        })).containsExactly("paged-a", "paged-b", "paged-c");

        assertThat(ib.listComponents(r -> r.filters(names, Filter.builder().name("version").values("2.0.0").build()))
                .componentVersionList()).hasSize(3);
        // owner Amazon lists AWS's managed components, none of the caller's
        assertThat(ib.listComponents(r -> r.owner("Amazon").filters(names)).componentVersionList()).isEmpty();
        assertThat(ib.listComponents(r -> r.owner("Amazon")).componentVersionList())
                .allMatch(c -> c.owner().equals("Amazon"));
        expectError(() -> ib.listComponents(r -> r.nextToken("forged")), "InvalidPaginationTokenException",
                "The pagination token is not valid.");
        expectError(() -> ib.listImageRecipes(r -> r.filters(Filter.builder().name("colour").values("x").build())),
                "InvalidParameterValueException", "The value supplied for parameter 'filters' is not valid. The filter "
                        + "name 'colour' is not supported; filter on name, parentImage or platform.");
    }

    private record Page(List<String> items, String next) {}

    /** Every item of a listing read one page after another, each page of at most one item. */
    private static List<String> pages(Function<String, Page> read) {
        List<String> all = new ArrayList<>();
        String token = null;
        do {
            Page page = read.apply(token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(1);
            all.addAll(page.items());
            token = page.next();
        } while (token != null);
        return all;
    }

    @Test
    void everyKindOfRecordTakesTags() {
        String part = component("tagged-part", "1.0.0", DOC);
        for (String arn : List.of(part, recipe("tagged", part), infrastructure("tagged"),
                distribution("tagged", "us-west-2"))) {
            assertThat(ib.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
            ib.tagResource(r -> r.resourceArn(arn).tags(Map.of("a", "1", "b", "2")));
            ib.untagResource(r -> r.resourceArn(arn).tagKeys("a"));
            assertThat(ib.listTagsForResource(r -> r.resourceArn(arn)).tags()).as(arn).isEqualTo(Map.of("b", "2"));
        }
        assertThat(ib.getComponent(r -> r.componentBuildVersionArn(part)).component().tags())
                .isEqualTo(Map.of("b", "2"));
        String missing = PREFIX + "image-recipe/nothing/1.0.0";
        expectError(() -> ib.tagResource(r -> r.resourceArn(missing).tags(Map.of("a", "b"))),
                "ResourceNotFoundException", 404, "The resource '" + missing + "' does not exist.");
    }

    @Test
    void anotherAccountsRecordsAreNotSeen() {
        String part = component("private-part", "1.0.0", DOC);
        String infra = infrastructure("private");
        String dist = distribution("private", "us-west-2");
        String recipe = recipe("private", part);
        expectError(() -> bob.getComponent(r -> r.componentBuildVersionArn(part)), "ResourceNotFoundException", 404,
                null);
        expectError(() -> bob.deleteComponent(r -> r.componentBuildVersionArn(part)), "ResourceNotFoundException",
                404, null);
        expectError(() -> bob.getImageRecipe(r -> r.imageRecipeArn(recipe)), "ResourceNotFoundException", 404, null);
        expectError(() -> bob.getInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(infra)),
                "ResourceNotFoundException", 404, null);
        expectError(() -> bob.deleteDistributionConfiguration(r -> r.distributionConfigurationArn(dist)),
                "ResourceNotFoundException", 404, null);
        expectError(() -> bob.tagResource(r -> r.resourceArn(infra).tags(Map.of("a", "b"))),
                "ResourceNotFoundException", 404, null);
        expectError(() -> bob.createImageRecipe(r -> r.name("stolen").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0").components(c -> c.componentArn(part))),
                "ResourceNotFoundException", 404, null);
        Filter priv = Filter.builder().name("name").values("private", "private-part").build();
        assertThat(bob.listComponents(r -> r.filters(priv)).componentVersionList()).isEmpty();
        assertThat(bob.listImageRecipes(r -> r.filters(priv)).imageRecipeSummaryList()).isEmpty();
        assertThat(bob.listInfrastructureConfigurations(r -> r.filters(priv)).infrastructureConfigurationSummaryList())
                .isEmpty();
        assertThat(bob.listDistributionConfigurations(r -> r.filters(priv)).distributionConfigurationSummaryList())
                .isEmpty();
        // bob's configuration of the same name is his own
        assertThat(bob.createInfrastructureConfiguration(r -> r.name("private").instanceProfileName("p"))
                .infrastructureConfigurationArn())
                .isEqualTo("arn:aws:imagebuilder:us-east-1:" + BOB + ":infrastructure-configuration/private");
        assertThat(ib.getInfrastructureConfiguration(r -> r.infrastructureConfigurationArn(infra))
                .infrastructureConfiguration().instanceProfileName()).isEqualTo("builder");
    }
}
