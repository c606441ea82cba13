package dev.stepwise.server.imagebuilder;

import static dev.stepwise.server.imagebuilder.ImageBuilderAsserts.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.CreateWorkflowRequest;
import software.amazon.awssdk.services.imagebuilder.model.CreateWorkflowResponse;
import software.amazon.awssdk.services.imagebuilder.model.Filter;
import software.amazon.awssdk.services.imagebuilder.model.GetWorkflowResponse;
import software.amazon.awssdk.services.imagebuilder.model.LatestVersionReferences;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowBuildVersionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowsResponse;
import software.amazon.awssdk.services.imagebuilder.model.Workflow;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowParameterDetail;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowSummary;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowVersion;

/**
 * Image Builder's workflows through the AWS SDK for Java v2 against the real server: create, get
 * (by build, version and wildcard ARNs), list, list build versions, delete and tags; client token
 * idempotency and dry runs; documents refused with every problem; unknown ARNs; pagination;
 * AWS's managed workflows; and accounts and regions kept apart.
 */
class ImageBuilderWorkflowApiTest {
    private static final String ACCOUNT = "123456789012";
    private static final String BOB = "222222222222";
    private static final String ARN_PREFIX = "arn:aws:imagebuilder:us-east-1:" + ACCOUNT + ":workflow/";

    @RegisterExtension
    static final ImageBuilderServer server = new ImageBuilderServer(
            () -> new ServerFixture(config -> config.withAccessKeyAccounts(Map.of("BOBKEY", BOB))));
    private static ImagebuilderClient ib;
    private static ImagebuilderClient bob;
    private static ImagebuilderClient inOregon;

    private static final String BUILD_DOC = """
            name: my-build
            description: Builds and waits for approval
            schemaVersion: 1.0
            parameters:
              - name: waitForApproval
                type: boolean
                default: true
                description: Wait for an approval at the end
              - name: instanceTypes
                type: stringList
                default: [m5.large, c5.large]
              - name: documentName
                type: string
            steps:
              - name: LaunchBuildInstance
                action: LaunchInstance
                onFailure: Abort
                inputs:
                  waitFor: ssmAgent
                  instanceTypesOverride.$: $.parameters.instanceTypes
              - name: Configure
                action: RunCommand
                inputs:
                  instanceId.$: $.stepOutputs.LaunchBuildInstance.instanceId
                  documentName.$: $.parameters.documentName
              - name: CreateOutputAMI
                action: CreateImage
                inputs:
                  instanceId.$: $.stepOutputs.LaunchBuildInstance.instanceId
              - name: TerminateBuildInstance
                action: TerminateInstance
                onFailure: Continue
                inputs:
                  instanceId.$: $.stepOutputs.LaunchBuildInstance.instanceId
              - name: WaitForApproval
                action: WaitForAction
                if:
                  booleanEquals: true
                  value: $.parameters.waitForApproval
            outputs:
              - name: ImageId
                value: $.stepOutputs.CreateOutputAMI.imageId
            """;

    private static final String SMALL_DOC = """
            schemaVersion: 1.0
            steps:
              - name: Wait
                action: WaitForAction
            """;

    @BeforeAll
    static void connect() {
        ib = server.client();
        bob = server.client("BOBKEY", Region.US_EAST_1);
        inOregon = server.client("test", Region.US_WEST_2);
    }

    private static CreateWorkflowResponse create(String name, String version, WorkflowType type, String data) {
        return ib.createWorkflow(r -> r.name(name).semanticVersion(version).type(type).data(data));
    }

    @Test
    void aWorkflowIsCreatedAndReadBackWithEveryField() {
        Instant before = Instant.now().minusSeconds(1);
        CreateWorkflowResponse created = ib.createWorkflow(r -> r.name("My Build_Flow").semanticVersion("1.0.0")
                .type(WorkflowType.BUILD).data(BUILD_DOC).description("Builds my image")
                .changeDescription("First version").kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/abc")
                .tags(Map.of("team", "images", "stage", "dev")).clientToken("token-rich-1"));
        String arn = ARN_PREFIX + "build/my-build-flow/1.0.0/1";
        assertThat(created.workflowBuildVersionArn()).isEqualTo(arn);
        assertThat(created.clientToken()).isEqualTo("token-rich-1");
        assertThat(created.latestVersionReferences()).isEqualTo(LatestVersionReferences.builder()
                .latestVersionArn(ARN_PREFIX + "build/my-build-flow/x.x.x")
                .latestMajorVersionArn(ARN_PREFIX + "build/my-build-flow/1.x.x")
                .latestMinorVersionArn(ARN_PREFIX + "build/my-build-flow/1.0.x")
                .latestPatchVersionArn(ARN_PREFIX + "build/my-build-flow/1.0.0").build());

        GetWorkflowResponse got = ib.getWorkflow(r -> r.workflowBuildVersionArn(arn));
        Workflow w = got.workflow();
        assertThat(w.arn()).isEqualTo(arn);
        assertThat(w.name()).isEqualTo("My Build_Flow");
        assertThat(w.version()).isEqualTo("1.0.0");
        assertThat(w.type()).isEqualTo(WorkflowType.BUILD);
        assertThat(w.description()).isEqualTo("Builds my image");
        assertThat(w.changeDescription()).isEqualTo("First version");
        assertThat(w.owner()).isEqualTo(ACCOUNT);
        assertThat(w.data()).isEqualTo(BUILD_DOC);
        assertThat(w.kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/abc");
        assertThat(w.tags()).isEqualTo(Map.of("team", "images", "stage", "dev"));
        assertThat(w.state()).isNull();
        assertThat(w.dateCreated()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(w.dateCreated())).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(w.parameters()).containsExactly(
                WorkflowParameterDetail.builder().name("waitForApproval").type("boolean").defaultValue("true")
                        .description("Wait for an approval at the end").build(),
                WorkflowParameterDetail.builder().name("instanceTypes").type("stringList")
                        .defaultValue("m5.large", "c5.large").build(),
                WorkflowParameterDetail.builder().name("documentName").type("string").build());
        assertThat(got.latestVersionReferences()).isEqualTo(created.latestVersionReferences());
    }

    @Test
    void newBuildsAreNumberedPerVersionAndVersionArnsSelectTheNewest() {
        String first = create("numbered", "1.0.0", WorkflowType.TEST, SMALL_DOC).workflowBuildVersionArn();
        String second = ib.createWorkflow(r -> r.name("numbered").semanticVersion("1.0.0").type(WorkflowType.TEST)
                .data(SMALL_DOC).changeDescription("same document, new notes")).workflowBuildVersionArn();
        String other = create("numbered", "1.2.0", WorkflowType.TEST, SMALL_DOC.replace("name: Wait", "name: Hold"))
                .workflowBuildVersionArn();
        assertThat(List.of(first, second, other)).containsExactly(ARN_PREFIX + "test/numbered/1.0.0/1",
                ARN_PREFIX + "test/numbered/1.0.0/2", ARN_PREFIX + "test/numbered/1.2.0/1");

        assertThat(getArn(ARN_PREFIX + "test/numbered/1.0.0")).isEqualTo(second);
        assertThat(getArn(ARN_PREFIX + "test/numbered/1.0.x")).isEqualTo(second);
        assertThat(getArn(ARN_PREFIX + "test/numbered/1.x.x")).isEqualTo(other);
        assertThat(getArn(ARN_PREFIX + "test/numbered/x.x.x")).isEqualTo(other);
        assertThat(getArn(first)).isEqualTo(first);

        ListWorkflowBuildVersionsResponse builds = ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(
                ARN_PREFIX + "test/numbered/1.0.0"));
        assertThat(builds.workflowSummaryList()).extracting(WorkflowSummary::arn).containsExactly(second, first);
        assertThat(builds.workflowSummaryList().get(0).changeDescription()).isEqualTo("same document, new notes");
        assertThat(builds.workflowSummaryList().get(0).owner()).isEqualTo(ACCOUNT);
        assertThat(ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(ARN_PREFIX + "test/numbered/x.x.x"))
                .workflowSummaryList()).extracting(WorkflowSummary::arn).containsExactly(other, second, first);
        assertThat(builds.nextToken()).isNull();
    }

    private static String getArn(String arn) {
        return ib.getWorkflow(r -> r.workflowBuildVersionArn(arn)).workflow().arn();
    }

    @Test
    void buildsCreatedAtTheSameTimeGetDistinctNumbers() throws Exception {
        int n = 6;
        List<java.util.concurrent.Future<String>> arns = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String doc = SMALL_DOC.replace("name: Wait", "name: Wait" + i);
                arns.add(pool.submit(() -> create("racing", "1.0.0", WorkflowType.BUILD, doc)
                        .workflowBuildVersionArn()));
            }
        }
        Set<String> made = new TreeSet<>();
        for (java.util.concurrent.Future<String> arn : arns) {
            made.add(arn.get());
        }
        assertThat(made).hasSize(n);
        assertThat(ib.listWorkflowBuildVersionsPaginator(r -> r.workflowVersionArn(ARN_PREFIX + "build/racing/1.0.0"))
                .workflowSummaryList().stream().map(WorkflowSummary::arn)).containsExactlyInAnyOrderElementsOf(made)
                .allMatch(a -> a.matches(java.util.regex.Pattern.quote(ARN_PREFIX + "build/racing/1.0.0/") + "[1-6]"));
    }

    @Test
    void aBuildIdenticalToTheLatestIsRefused() {
        create("identical", "1.0.0", WorkflowType.BUILD, SMALL_DOC);
        expectError(() -> create("Identical", "1.0.0", WorkflowType.BUILD, SMALL_DOC), "ResourceInUseException",
                "The workflow '" + ARN_PREFIX + "build/identical/1.0.0/1' already exists with this configuration; "
                        + "create a new version or change the workflow.");
        // another type is another workflow
        assertThat(create("identical", "1.0.0", WorkflowType.TEST, SMALL_DOC).workflowBuildVersionArn())
                .isEqualTo(ARN_PREFIX + "test/identical/1.0.0/1");
    }

    @Test
    void deletingBuildsRemovesThemAndTheirWorkflowFromListings() {
        String one = create("short-lived", "1.0.0", WorkflowType.BUILD, SMALL_DOC).workflowBuildVersionArn();
        String two = create("short-lived", "1.0.0", WorkflowType.BUILD, SMALL_DOC.replace("name: Wait", "name: Hold"))
                .workflowBuildVersionArn();
        assertThat(ib.deleteWorkflow(r -> r.workflowBuildVersionArn(one)).workflowBuildVersionArn()).isEqualTo(one);
        expectError(() -> ib.getWorkflow(r -> r.workflowBuildVersionArn(one)), "ClientException",
                "The workflow '" + one + "' does not exist.");
        expectError(() -> ib.deleteWorkflow(r -> r.workflowBuildVersionArn(one)), "ClientException",
                "The workflow '" + one + "' does not exist.");
        assertThat(getArn(ARN_PREFIX + "build/short-lived/x.x.x")).isEqualTo(two);
        assertThat(names(ib.listWorkflowsPaginator(r -> { }).workflowVersionList())).contains("short-lived");
        ib.deleteWorkflow(r -> r.workflowBuildVersionArn(two));
        assertThat(names(ib.listWorkflowsPaginator(r -> { }).workflowVersionList())).doesNotContain("short-lived");
        expectError(() -> ib.getWorkflow(r -> r.workflowBuildVersionArn(ARN_PREFIX + "build/short-lived/x.x.x")),
                "ClientException", null);
    }

    private static List<String> names(Iterable<WorkflowVersion> versions) {
        List<String> names = new ArrayList<>();
        versions.forEach(v -> names.add(v.name()));
        return names;
    }

    @Test
    void aClientTokenRepeatsItsAnswerAndRefusesAnotherRequest() {
        CreateWorkflowRequest request = CreateWorkflowRequest.builder().name("idempotent").semanticVersion("1.0.0")
                .type(WorkflowType.BUILD).data(SMALL_DOC).clientToken("retry-me").build();
        CreateWorkflowResponse first = ib.createWorkflow(request);
        CreateWorkflowResponse again = ib.createWorkflow(request);
        assertThat(again.workflowBuildVersionArn()).isEqualTo(first.workflowBuildVersionArn());
        assertThat(again.clientToken()).isEqualTo("retry-me");
        assertThat(again.latestVersionReferences()).isEqualTo(first.latestVersionReferences());
        assertThat(ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(ARN_PREFIX + "build/idempotent/1.0.0"))
                .workflowSummaryList()).hasSize(1);
        expectError(() -> ib.createWorkflow(request.toBuilder().description("changed").build()),
                "IdempotentParameterMismatchException",
                "The client token 'retry-me' was already used for a request with different parameters.");
    }

    @Test
    void aDryRunChecksTheRequestAndCreatesNothing() {
        expectError(() -> ib.createWorkflow(r -> r.name("dry").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(SMALL_DOC).dryRun(true)), "DryRunOperationException", 412, "The dry run operation of the "
                + "resource was successful, and no resources or mutations were actually performed due to the dry run "
                + "flag in the request.");
        assertThat(ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(ARN_PREFIX + "build/dry/x.x.x"))
                .workflowSummaryList()).isEmpty();
        expectError(() -> ib.createWorkflow(r -> r.name("dry").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data("schemaVersion: 1.0\nsteps: []\n").dryRun(true)), "InvalidParameterValueException",
                "The value supplied for parameter 'data' is not valid. The workflow document must have at least one "
                        + "step.");
    }

    @Test
    void anInvalidDocumentIsRefusedWithEveryProblemAndNothingIsStored() {
        String bad = """
                schemaVersion: 1.0
                steps:
                  - name: CreateOutputAMI
                    action: CreateImage
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                  - name: Launch
                    action: LaunchRocket
                  - name: Launch
                    action: WaitForAction
                """;
        expectError(() -> create("broken", "1.0.0", WorkflowType.BUILD, bad), "InvalidParameterValueException",
                "The value supplied for parameter 'data' is not valid. "
                        + "Step 'CreateOutputAMI' (steps[0]): $.stepOutputs.Launch.instanceId at "
                        + "steps[0].inputs.instanceId refers to the step 'Launch', which runs after it; a step can "
                        + "read the outputs of the steps before it only. "
                        + "Step 'Launch' (steps[1]): 'LaunchRocket' is not a step action; the actions are "
                        + "ApplyImageConfigurations, BootstrapInstanceForContainer, CollectImageMetadata, "
                        + "CollectImageScanFindings, CreateImage, CreateImageFromIso, DistributeContainerImage, "
                        + "DistributeImage, ExecuteComponents, ExecuteStateMachine, LaunchInstance, "
                        + "ModifyImageAttributes, RegisterImage, RunCommand, RunSysPrep, SanitizeInstance, "
                        + "TerminateInstance, WaitForAction, WaitForSSMAgent. "
                        + "Duplicate step name 'Launch' at steps[2]: step names must be unique within the workflow "
                        + "document (first used at steps[1]).");
        expectError(() -> create("broken", "1.0.0", WorkflowType.BUILD, "steps: [\n"), "InvalidParameterValueException",
                null);
        expectError(() -> create("broken", "1.0.0", WorkflowType.DISTRIBUTION, """
                schemaVersion: 1.0
                steps:
                  - name: Components
                    action: ExecuteComponents
                    inputs:
                      instanceId: i-0123456789abcdef0
                """), "InvalidParameterValueException", "The value supplied for parameter 'data' is not valid. Step "
                + "'Components' (steps[0]): the action ExecuteComponents can't run in a DISTRIBUTION workflow; it runs "
                + "in BUILD and TEST workflows.");
        assertThat(ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(ARN_PREFIX + "build/broken/x.x.x"))
                .workflowSummaryList()).isEmpty();
    }

    @Test
    void theRequestsMembersAreChecked() {
        expectError(() -> create("no", "1.0.0", WorkflowType.BUILD, SMALL_DOC), "InvalidParameterValueException",
                "The value supplied for parameter 'name' is not valid. A name is 3 to 128 characters: letters, "
                        + "numbers, hyphens, underscores, and spaces that neither begin nor end it.");
        expectError(() -> create("versioned", "1.0", WorkflowType.BUILD, SMALL_DOC), "InvalidVersionNumberException",
                "The semantic version '1.0' is not valid: it must be <major>.<minor>.<patch>, three whole numbers, as "
                        + "in 1.0.0.");
        expectError(() -> create("versioned", "1073741824.0.0", WorkflowType.BUILD, SMALL_DOC),
                "InvalidVersionNumberException", null);
        expectError(() -> ib.createWorkflow(r -> r.name("both").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(SMALL_DOC).uri("s3://bucket/doc.yaml")), "InvalidParameterCombinationException",
                "You must specify exactly one of the data or uri properties.");
        expectError(() -> ib.createWorkflow(r -> r.name("neither").semanticVersion("1.0.0").type(WorkflowType.BUILD)),
                "InvalidParameterCombinationException", "You must specify exactly one of the data or uri properties.");
        expectError(() -> ib.createWorkflow(r -> r.name("typed").semanticVersion("1.0.0").type("DEPLOY")
                .data(SMALL_DOC)), "InvalidParameterValueException",
                "The value supplied for parameter 'type' is not valid. Valid values are BUILD, TEST, DISTRIBUTION.");
        expectError(() -> ib.createWorkflow(r -> r.name("untyped").semanticVersion("1.0.0").data(SMALL_DOC)),
                "InvalidRequestException", "The request must include the parameter 'type'.");
        expectError(() -> ib.createWorkflow(r -> r.name("tagged").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(SMALL_DOC).tags(Map.of("aws:owner", "me"))), "InvalidParameterValueException", null);
    }

    @Test
    void aDocumentIsReadFromTheObjectStore() throws IOException {
        Path object = server.fixture().dataDir().resolve("objects/workflow-docs/builds/distribute.yaml");
        Files.createDirectories(object.getParent());
        String doc = """
                schemaVersion: 1.0
                steps:
                  - name: Distribute
                    action: DistributeImage
                    inputs:
                      distributions:
                        - region: eu-west-1
                  - name: Share
                    action: ModifyImageAttributes
                    inputs:
                      distributedImages.$: $.stepOutputs.Distribute.distributedImages
                """;
        Files.writeString(object, doc);
        String arn = ib.createWorkflow(r -> r.name("from-s3").semanticVersion("1.0.0").type(WorkflowType.DISTRIBUTION)
                .uri("s3://workflow-docs/builds/distribute.yaml")).workflowBuildVersionArn();
        assertThat(arn).isEqualTo(ARN_PREFIX + "distribution/from-s3/1.0.0/1");
        assertThat(ib.getWorkflow(r -> r.workflowBuildVersionArn(arn)).workflow().data()).isEqualTo(doc);
        expectError(() -> ib.createWorkflow(r -> r.name("from-s3").semanticVersion("1.0.1")
                .type(WorkflowType.DISTRIBUTION).uri("s3://workflow-docs/none.yaml")), "InvalidParameterValueException",
                "The value supplied for parameter 'uri' is not valid. The workflow document "
                        + "'s3://workflow-docs/none.yaml' does not exist.");
    }

    @Test
    void unknownAndMalformedArnsAreRefused() {
        String missing = ARN_PREFIX + "build/nothing-here/1.0.0/1";
        expectError(() -> ib.getWorkflow(r -> r.workflowBuildVersionArn(missing)), "ClientException",
                "The workflow '" + missing + "' does not exist.");
        expectError(() -> ib.deleteWorkflow(r -> r.workflowBuildVersionArn(missing)), "ClientException", null);
        expectError(() -> ib.getWorkflow(r -> r.workflowBuildVersionArn("arn:aws:imagebuilder:us-east-1:"
                + ACCOUNT + ":workflow/build/Upper/1.0.0/1")), "InvalidParameterValueException", null);
        expectError(() -> ib.deleteWorkflow(r -> r.workflowBuildVersionArn(ARN_PREFIX + "build/nothing-here/1.0.0")),
                "InvalidParameterValueException", null);
        expectError(() -> ib.listTagsForResource(r -> r.resourceArn(missing)), "ResourceNotFoundException", 404,
                "The resource '" + missing + "' does not exist.");
        expectError(() -> ib.listTagsForResource(r -> r.resourceArn("not-an-arn")), "InvalidParameterException", null);
        assertThat(ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(ARN_PREFIX + "build/nothing-here/x.x.x"))
                .workflowSummaryList()).isEmpty();
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
        String arn = create("tag-me", "1.0.0", WorkflowType.BUILD, SMALL_DOC).workflowBuildVersionArn();
        assertThat(ib.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
        ib.tagResource(r -> r.resourceArn(arn).tags(Map.of("a", "1", "b", "2", "c", "3")));
        ib.tagResource(r -> r.resourceArn(arn).tags(Map.of("a", "one")));
        assertThat(ib.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .isEqualTo(Map.of("a", "one", "b", "2", "c", "3"));
        ib.untagResource(r -> r.resourceArn(arn).tagKeys("a", "c"));
        assertThat(ib.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("b", "2"));
        ib.untagResource(r -> r.resourceArn(arn).tagKeys("b"));
        assertThat(ib.getWorkflow(r -> r.workflowBuildVersionArn(arn)).workflow().tags()).isEmpty();
        expectError(() -> ib.tagResource(r -> r.resourceArn(arn).tags(Map.of("aws:x", "y"))),
                "InvalidParameterException", null);
    }

    @Test
    void everyPageIsReachedOneItemAtATime() {
        Set<String> made = new TreeSet<>();
        for (String name : List.of("paged-a", "paged-b", "paged-c")) {
            for (String version : List.of("1.0.0", "2.0.0")) {
                made.add(create(name, version, WorkflowType.BUILD, SMALL_DOC).workflowBuildVersionArn()
                        .replaceAll("/1$", ""));
            }
        }
        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListWorkflowsResponse page = ib.listWorkflows(r -> r.maxResults(1).nextToken(t)
                    .filters(Filter.builder().name("name").values("paged-a", "paged-b", "paged-c").build()));
            assertThat(page.workflowVersionList()).hasSizeLessThanOrEqualTo(1);
            page.workflowVersionList().forEach(v -> listed.add(v.arn()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(listed).containsExactlyElementsOf(made);
        assertThat(pages).isEqualTo(6);

        List<String> builds = new ArrayList<>();
        ib.listWorkflowBuildVersionsPaginator(r -> r.maxResults(1)
                .workflowVersionArn(ARN_PREFIX + "build/paged-b/x.x.x")).workflowSummaryList()
                .forEach(s -> builds.add(s.arn()));
        assertThat(builds).containsExactly(ARN_PREFIX + "build/paged-b/2.0.0/1", ARN_PREFIX + "build/paged-b/1.0.0/1");

        List<String> everyBuild = new ArrayList<>();
        ib.listWorkflowBuildVersionsPaginator(r -> r.maxResults(1)).workflowSummaryList()
                .forEach(s -> everyBuild.add(s.arn()));
        assertThat(everyBuild).doesNotHaveDuplicates().contains(ARN_PREFIX + "build/paged-c/1.0.0/1");

        expectError(() -> ib.listWorkflows(r -> r.nextToken("forged")), "InvalidPaginationTokenException",
                "The pagination token is not valid.");
        expectError(() -> ib.listWorkflows(r -> r.maxResults(26)), "InvalidParameterValueException", null);
    }

    @Test
    void listingsFilterAndGroupByName() {
        create("filtered", "1.0.0", WorkflowType.TEST, SMALL_DOC);
        ib.createWorkflow(r -> r.name("filtered").semanticVersion("1.1.0").type(WorkflowType.TEST).data(SMALL_DOC)
                .description("the newer one"));
        List<WorkflowVersion> versions = ib.listWorkflowsPaginator(r -> r.filters(
                Filter.builder().name("name").values("filtered").build(),
                Filter.builder().name("type").values("TEST").build())).workflowVersionList().stream().toList();
        assertThat(versions).extracting(WorkflowVersion::arn, WorkflowVersion::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ARN_PREFIX + "test/filtered/1.0.0", "1.0.0"),
                org.assertj.core.groups.Tuple.tuple(ARN_PREFIX + "test/filtered/1.1.0", "1.1.0"));
        assertThat(versions.get(1).owner()).isEqualTo(ACCOUNT);
        assertThat(versions.get(1).description()).isEqualTo("the newer one");
        assertThat(ib.listWorkflows(r -> r.filters(Filter.builder().name("version").values("1.1.0").build(),
                Filter.builder().name("name").values("filtered").build())).workflowVersionList()).hasSize(1);
        assertThat(ib.listWorkflows(r -> r.byName(true).filters(Filter.builder().name("name").values("filtered")
                .build())).workflowVersionList()).extracting(WorkflowVersion::arn, WorkflowVersion::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ARN_PREFIX + "test/filtered/1.1.0", "1.1.0"));
        expectError(() -> ib.listWorkflows(r -> r.filters(Filter.builder().name("color").values("blue").build())),
                "InvalidParameterValueException", "The value supplied for parameter 'filters' is not valid. The filter "
                        + "name 'color' is not supported; filter on name, version, description or type.");
        expectError(() -> ib.listWorkflows(r -> r.owner("Shared")), "InvalidParameterValueException", null);
        assertThat(ib.listWorkflows(r -> r.owner("AWSMarketplace")).workflowVersionList()).isEmpty();
    }

    @Test
    void awsManagedWorkflowsAreListedAndReadButNotChanged() {
        List<WorkflowVersion> managed = ib.listWorkflowsPaginator(r -> r.owner("Amazon")).workflowVersionList()
                .stream().toList();
        assertThat(managed).extracting(WorkflowVersion::name)
                .containsExactly("build-image", "distribute-image", "test-image");
        assertThat(managed).allSatisfy(v -> assertThat(v.owner()).isEqualTo("Amazon"));
        assertThat(managed.get(0).arn()).isEqualTo("arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.3");
        assertThat(names(ib.listWorkflowsPaginator(r -> { }).workflowVersionList())).doesNotContain("build-image");

        Workflow build = ib.getWorkflow(r -> r.workflowBuildVersionArn(
                "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x")).workflow();
        assertThat(build.arn()).isEqualTo("arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.3/1");
        assertThat(build.owner()).isEqualTo("Amazon");
        assertThat(build.type()).isEqualTo(WorkflowType.BUILD);
        assertThat(build.data()).contains("action: LaunchInstance", "action: CreateImage");
        assertThat(inOregon.getWorkflow(r -> r.workflowBuildVersionArn(
                "arn:aws:imagebuilder:us-west-2:aws:workflow/test/test-image/1.x.x")).workflow().arn())
                .isEqualTo("arn:aws:imagebuilder:us-west-2:aws:workflow/test/test-image/1.0.3/1");
        assertThat(ib.listWorkflowBuildVersions(r -> r.workflowVersionArn(
                "arn:aws:imagebuilder:us-east-1:aws:workflow/distribution/distribute-image/x.x.x"))
                .workflowSummaryList()).extracting(WorkflowSummary::arn)
                .containsExactly("arn:aws:imagebuilder:us-east-1:aws:workflow/distribution/distribute-image/1.0.0/1");

        expectError(() -> ib.deleteWorkflow(r -> r.workflowBuildVersionArn(build.arn())), "ForbiddenException", 403,
                "You are not authorized to delete the AWS managed workflow '" + build.arn() + "'.");
        assertThat(ib.listTagsForResource(r -> r.resourceArn(build.arn())).tags()).isEmpty();
        expectError(() -> ib.tagResource(r -> r.resourceArn(build.arn()).tags(Map.of("a", "b"))),
                "InvalidParameterException", null);
    }

    @Test
    void anotherAccountsOrRegionsWorkflowsAreNotSeen() {
        String arn = create("private-flow", "1.0.0", WorkflowType.BUILD, SMALL_DOC).workflowBuildVersionArn();
        for (ImagebuilderClient other : List.of(bob, inOregon)) {
            expectError(() -> other.getWorkflow(r -> r.workflowBuildVersionArn(arn)), "ClientException",
                    "The workflow '" + arn + "' does not exist.");
            expectError(() -> other.deleteWorkflow(r -> r.workflowBuildVersionArn(arn)), "ClientException", null);
            expectError(() -> other.listTagsForResource(r -> r.resourceArn(arn)), "ResourceNotFoundException", 404,
                    null);
            expectError(() -> other.tagResource(r -> r.resourceArn(arn).tags(Map.of("a", "b"))),
                    "ResourceNotFoundException", 404, null);
            assertThat(names(other.listWorkflowsPaginator(r -> { }).workflowVersionList()))
                    .doesNotContain("private-flow");
            assertThat(other.listWorkflowBuildVersions(r -> r.workflowVersionArn(ARN_PREFIX
                    + "build/private-flow/x.x.x")).workflowSummaryList()).isEmpty();
        }
        // bob's workflow of the same name is his own, under his account's ARN
        assertThat(bob.createWorkflow(r -> r.name("private-flow").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(SMALL_DOC)).workflowBuildVersionArn())
                .isEqualTo("arn:aws:imagebuilder:us-east-1:" + BOB + ":workflow/build/private-flow/1.0.0/1");
        String token = ib.listWorkflows(r -> r.maxResults(1)).nextToken();
        assertThat(token).isNotNull();
        expectError(() -> bob.listWorkflows(r -> r.maxResults(1).nextToken(token)), "InvalidPaginationTokenException",
                null);
        assertThat(ib.getWorkflow(r -> r.workflowBuildVersionArn(arn)).workflow().arn()).isEqualTo(arn);
    }

    @Test
    void operationsNotServedYetAnswerAnImageBuilderError() {
        expectError(() -> ib.listContainerRecipes(r -> { }), "InvalidRequestException",
                "ListContainerRecipes is not supported yet.");
        expectError(() -> ib.getContainerRecipe(r -> r.containerRecipeArn(
                "arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/x/1.0.0")), "InvalidRequestException",
                "GetContainerRecipe is not supported yet.");
    }
}
