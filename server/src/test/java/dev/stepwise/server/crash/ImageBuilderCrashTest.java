package dev.stepwise.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.ImageSummary;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * Kill -9 while CreateImage calls are in flight: the server process dies at whatever point each
 * call has reached, the step between storing an image and starting its build included. After a
 * restart every client token tried (answered or not) is tried again with the same request: each
 * names exactly one image, every image of the recipe's version ends AVAILABLE (none is left
 * PENDING without its build), each ran its one workflow once, and every answered image is there.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ImageBuilderCrashTest {
    private static final String PREFIX = "arn:aws:imagebuilder:us-east-1:123456789012:";
    private static final String BUILD_DOC = """
            name: crash
            schemaVersion: 1.0
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
            """;
    private static final int CLIENTS = 12;
    /** How many answered creates the test waits for before it kills the server. */
    private static final int ANSWERED_BEFORE_KILL = 6;

    private ServerProcess server;
    private ImagebuilderClient ib;

    @AfterEach
    void tearDown() throws IOException {
        if (ib != null) {
            ib.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyImageTriedBeforeKill9EndsAvailableWithOneRunAfterTheRestart() throws Exception {
        server = new ServerProcess("stepwise-ib-crash", command -> {});
        startServer();
        String workflow = ib.createWorkflow(b -> b.name("crash").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(BUILD_DOC).clientToken(token())).workflowBuildVersionArn();
        String recipe = ib.createImageRecipe(b -> b.name("crash").semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0").clientToken(token())).imageRecipeArn();
        String infrastructure = ib.createInfrastructureConfiguration(b -> b.name("crash")
                .instanceProfileName("builder").clientToken(token())).infrastructureConfigurationArn();

        Set<String> tried = ConcurrentHashMap.newKeySet();
        Map<String, String> answered = new ConcurrentHashMap<>();
        AtomicBoolean creating = new AtomicBoolean(true);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        ImagebuilderClient before = ib;
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (creating.get()) {
                    String token = token();
                    tried.add(token);
                    try {
                        answered.put(token, create(before, recipe, infrastructure, workflow, token));
                    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException refused) {
                        // answered with an error (a busy retry): nothing stored; tried again after the restart
                    } catch (RuntimeException killed) {
                        return; // the server is gone: this token's call may or may not have been stored
                    }
                }
            });
        }
        waitUntil(() -> answered.size() >= ANSWERED_BEFORE_KILL);
        server.kill();
        creating.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        startServer();

        // a retry with a stored token answers its image; with one never stored, it builds one now
        Map<String, String> imageOf = new ConcurrentHashMap<>();
        for (String token : tried) {
            imageOf.put(token, create(ib, recipe, infrastructure, workflow, token));
        }
        answered.forEach((token, image) -> assertThat(imageOf.get(token)).as(token).isEqualTo(image));
        assertThat(Set.copyOf(imageOf.values())).as("one image per token").hasSize(tried.size());

        List<ImageSummary> images = new ArrayList<>();
        String next = null;
        do {
            String after = next;
            var page = ib.listImageBuildVersions(b -> b.imageVersionArn(PREFIX + "image/crash/1.0.0").nextToken(after));
            images.addAll(page.imageSummaryList());
            next = page.nextToken();
        } while (next != null);
        assertThat(images).extracting(ImageSummary::arn).containsExactlyInAnyOrderElementsOf(imageOf.values());
        for (ImageSummary image : images) {
            waitUntil(() -> ib.getImage(b -> b.imageBuildVersionArn(image.arn())).image().state().status()
                    == ImageStatus.AVAILABLE);
            assertThat(ib.listWorkflowExecutions(b -> b.imageBuildVersionArn(image.arn())).workflowExecutions())
                    .as("the runs of %s", image.arn()).hasSize(1);
        }
    }

    private static String create(ImagebuilderClient client, String recipe, String infrastructure, String workflow,
                                 String token) {
        return client.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infrastructure)
                .workflows(w -> w.workflowArn(workflow)).clientToken(token)).imageBuildVersionArn();
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private void startServer() throws IOException {
        URI endpoint = server.start(Duration.ofMinutes(2));
        ImagebuilderClient previous = ib;
        ib = ImagebuilderClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(60)).build())
                .build();
        if (previous != null) {
            previous.close();
        }
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(condition);
    }
}
