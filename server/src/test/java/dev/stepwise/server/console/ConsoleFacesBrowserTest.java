package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.transfer.sftp.SshKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepExecution;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.CustomStepDetails;
import software.amazon.awssdk.services.transfer.model.CustomStepStatus;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;
import software.amazon.awssdk.services.transfer.model.WorkflowStep;
import software.amazon.awssdk.services.transfer.model.WorkflowStepType;

/**
 * The Transfer Family and Image Builder pages in a real headless Chromium against a real server: a
 * file uploaded over real SFTP whose workflow waits in a custom step is seen in progress and leaves
 * the list when its step is answered; an image build waiting for an action is resumed from the
 * image's page, another stopped from the list of waiting steps.
 */
class ConsoleFacesBrowserTest {
    private static final String ACCOUNT = "123456789012";
    private static final String PREFIX = "arn:aws:imagebuilder:us-east-1:" + ACCOUNT + ":";
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer-workflow";
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);

    private static LambdaStandIn lambda;
    private static ServerFixture fixture;
    private static Chromium chromium;
    private static TransferClient transfer;
    private static ImagebuilderClient ib;
    private static SshClient ssh;
    /** The events the custom step's function received. */
    private static final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        lambda = new LambdaStandIn();
        lambda.function("hold", payload -> {
            try {
                events.add(dev.stepwise.asl.json.Json.parse(payload));
            } catch (IOException e) {
                throw new IllegalArgumentException(payload, e);
            }
            return LambdaStandIn.Reply.ok("null");
        });
        fixture = new ServerFixture(c -> c.withIntegrations(IntegrationConfig.none()
                .withLambdaEndpoint(lambda.endpoint())));
        transfer = fixture.transfer("test", Region.US_EAST_1);
        ib = ImagebuilderClient.builder().endpointOverride(fixture.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .build();
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> true);
        ssh.start();
        chromium = Chromium.shared();
    }

    @AfterAll
    static void stop() throws Exception {
        if (ssh != null) {
            ssh.stop();
        }
        if (ib != null) {
            ib.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (lambda != null) {
            lambda.close();
        }
    }

    private static void open(String route) {
        chromium.open(fixture.port(), route);
    }

    // ---- Transfer Family

    /** The SFTP port DescribeServer answers in ProtocolDetails.SftpPorts (a member the SDK's model lacks). */
    private static int sftpPort(String serverId) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fixture.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "TransferService.DescribeServer")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ServerId\":\"" + serverId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return dev.stepwise.asl.json.Json.parse(answer.body()).path("Server").path("ProtocolDetails").path("SftpPorts")
                .path(0).path("SftpPort").asInt();
    }

    private static void upload(String serverId, String path, String content) throws Exception {
        try (ClientSession session = ssh.connect("alice", "127.0.0.1", sftpPort(serverId))
                .verify(Duration.ofSeconds(10)).getSession()) {
            session.addPublicKeyIdentity(ALICE);
            session.auth().verify(Duration.ofSeconds(10));
            try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                 OutputStream out = sftp.write(path)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aTransferExecutionWaitingInACustomStepIsSeenInProgressUntilItsStepIsAnswered() throws Exception {
        String workflowId = transfer.createWorkflow(r -> r.description("checks uploads").steps(WorkflowStep.builder()
                .type(WorkflowStepType.CUSTOM).customStepDetails(CustomStepDetails.builder().name("check")
                        .target("arn:aws:lambda:us-east-1:123456789012:function:hold").build()).build()))
                .workflowId();
        String serverId = transfer.createServer(r -> r.workflowDetails(w -> w.onUpload(WorkflowDetail.builder()
                .workflowId(workflowId).executionRole(ROLE).build()))).serverId();
        transfer.createUser(r -> r.serverId(serverId).userName("alice").role(ROLE)
                .homeDirectory("/bucket-a/home/alice").sshPublicKeyBody(SshKeys.publicKeyLine(ALICE.getPublic())));
        upload(serverId, "/in.txt", "payload");
        JsonNode event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        String executionId = event.path("serviceMetadata").path("executionDetails").path("executionId").asText();

        open("/state-machines");
        chromium.until(d -> d.findElement(By.id("nav-transfer"))).click();
        WebElement server = chromium.until(d -> d.findElement(By.cssSelector("tr[data-server='" + serverId + "']")));
        assertThat(server.getText()).contains("ONLINE", "SERVICE_MANAGED");
        assertThat(chromium.driver.findElement(By.cssSelector("tr[data-workflow='" + workflowId + "']")).getText())
                .contains("checks uploads");
        server.findElement(By.tagName("a")).click();
        chromium.until(d -> d.findElement(By.cssSelector("#on-upload a"))).click();
        WebElement row = chromium.until(d -> d.findElement(By.cssSelector("tr[data-execution='" + executionId + "']")));
        assertThat(row.getText()).contains("IN_PROGRESS", "s3://bucket-a/home/alice/in.txt", "alice");
        assertThat(chromium.driver.findElement(By.id("workflow-steps")).getText()).contains("CUSTOM", "check");
        chromium.screenshot("transfer-workflow");

        transfer.sendWorkflowStepState(r -> r.workflowId(workflowId).executionId(executionId)
                .token(event.path("token").asText()).status(CustomStepStatus.SUCCESS));
        // the page follows: a finished execution leaves Transfer's list of executions in progress
        chromium.until(d -> d.findElements(By.id("no-transfer-executions")).size() == 1);
    }

    // ---- Image Builder

    private static final String APPROVAL = dev.stepwise.server.imagebuilder.RecordsThroughTheSdk.APPROVAL_DOC;

    /** A recipe and an infrastructure configuration, made through the catalog as their Get operations answer them. */
    private static String[] recipeAndInfrastructure(String name) {
        String recipe = PREFIX + "image-recipe/" + name + "/1.0.0";
        String infra = PREFIX + "infrastructure-configuration/" + name;
        fixture.server().store().create(new Resource(recipe, ACCOUNT, "us-east-1", "imagebuilderImageRecipe", "",
                name + "/1.0.0", 0, "{\"arn\":\"" + recipe + "\",\"name\":\"" + name + "\",\"version\":\"1.0.0\","
                + "\"platform\":\"Linux\",\"parentImage\":\"ami-0123456789abcdef0\",\"owner\":\"" + ACCOUNT
                + "\",\"dateCreated\":\"2026-01-01T00:00:00.000Z\"}"));
        fixture.server().store().create(new Resource(infra, ACCOUNT, "us-east-1",
                "imagebuilderInfrastructureConfiguration", "", name, 0, "{\"arn\":\"" + infra + "\",\"name\":\"" + name
                + "\",\"instanceTypes\":[\"c5.large\"]}"));
        return new String[] {recipe, infra};
    }

    private static String waitingImage(String name) {
        String workflow = ib.createWorkflow(b -> b.name("approval-" + name).semanticVersion("1.0.0")
                .type(WorkflowType.BUILD).data(APPROVAL).clientToken(UUID.randomUUID().toString()))
                .workflowBuildVersionArn();
        String[] records = recipeAndInfrastructure(name);
        String image = ib.createImage(b -> b.imageRecipeArn(records[0]).infrastructureConfigurationArn(records[1])
                .workflows(WorkflowConfiguration.builder().workflowArn(workflow).build())
                .clientToken(UUID.randomUUID().toString())).imageBuildVersionArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> waiting(image) != null);
        return image;
    }

    private static WorkflowStepExecution waiting(String image) {
        return ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps().stream()
                .filter(s -> s.imageBuildVersionArn().equals(image)).findFirst().orElse(null);
    }

    private static ImageStatus status(String image) {
        return ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status();
    }

    @Test
    void anImageBuildWaitingForAnActionIsResumedFromItsPageAndAnotherStoppedFromTheList() {
        String resumed = waitingImage("console-resumed");
        String stopped = waitingImage("console-stopped");
        String resumedStep = waiting(resumed).stepExecutionId();
        String stoppedStep = waiting(stopped).stepExecutionId();

        open("/state-machines");
        chromium.until(d -> d.findElement(By.id("nav-imagebuilder"))).click();
        chromium.until(d -> d.findElement(By.cssSelector("#waiting-steps tr[data-step='" + resumedStep + "']")));
        assertThat(chromium.driver.findElements(By.cssSelector("#images tr[data-arn]")))
                .extracting(r -> r.getDomAttribute("data-arn")).contains(resumed, stopped);
        chromium.screenshot("imagebuilder-images");
        chromium.driver.findElement(By.cssSelector("#images tr[data-arn='" + resumed + "'] a")).click();

        WebElement approve = chromium.until(d -> d.findElement(By.cssSelector(".steps tr[data-name=Approve]")));
        assertThat(chromium.driver.findElement(By.cssSelector(".steps tr[data-name=Launch]"))
                .getDomAttribute("data-status")).isEqualTo("COMPLETED");
        assertThat(approve.getText()).contains("WaitForAction");
        assertThat(chromium.driver.findElement(By.id("image-status")).getText()).isEqualTo("BUILDING");
        chromium.driver.findElement(By.id("action-reason")).sendKeys("approved in the console");
        chromium.screenshot("imagebuilder-image-waiting");
        chromium.driver.findElement(By.cssSelector("#waiting-steps tr[data-step='" + resumedStep + "'] button.resume"))
                .click();
        chromium.until(d -> d.findElement(By.id("image-status")).getText().equals("AVAILABLE"));
        List<WebElement> steps = chromium.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(".steps tr[data-name]"));
            return rows.stream().allMatch(r -> "COMPLETED".equals(r.getDomAttribute("data-status"))) ? rows : null;
        });
        assertThat(steps).extracting(r -> r.getDomAttribute("data-name")).containsExactly("Launch", "Approve", "MakeImage");
        assertThat(chromium.driver.findElement(By.id("no-waiting-steps")).getText()).contains("No step");
        assertThat(status(resumed)).isEqualTo(ImageStatus.AVAILABLE);
        assertThat(ib.getWorkflowStepExecution(b -> b.stepExecutionId(resumedStep)).outputs())
                .contains("RESUME", "approved in the console");
        chromium.screenshot("imagebuilder-image-resumed");

        open("/imagebuilder/images");
        chromium.until(d -> d.findElement(By.cssSelector("#waiting-steps tr[data-step='" + stoppedStep
                + "'] button.stop"))).click();
        chromium.until(d -> d.findElements(By.id("no-waiting-steps")).size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(stopped) == ImageStatus.FAILED);
        assertThat(ib.getWorkflowStepExecution(b -> b.stepExecutionId(stoppedStep)).statusAsString())
                .isEqualTo("FAILED");
    }
}
