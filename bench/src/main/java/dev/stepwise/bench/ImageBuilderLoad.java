package dev.stepwise.bench;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.Platform;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * The Image Builder face under load: {@code clients} AWS SDK clients call CreateImage for
 * {@code images} images in all, each image running one build workflow of TEN steps on the
 * simulated actions (tests off, no distribution), on the embedded store with every commit durable.
 * Each client builds from a recipe of its own: many concurrent CreateImage calls on one recipe
 * retry often, as each records its use by rewriting the recipe's row at the version it read.
 * Prints "RESULT" lines: the CreateImage calls per second, and the workflow runs and steps per
 * second from the first call to the last image's end (AVAILABLE or FAILED, read by GetImage).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.ImageBuilderLoad [images] [clients]
 * </pre>
 */
public final class ImageBuilderLoad {
    private static final String ACCOUNT = "123456789012";
    private static final int STEPS = 10;
    private static final long POLL_MILLIS = 20;
    private static final String TEN_STEPS = """
            name: ten-steps
            schemaVersion: 1.0
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
              - name: Agent
                action: WaitForSSMAgent
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: Components
                action: ExecuteComponents
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: Metadata
                action: CollectImageMetadata
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: AgentAgain
                action: WaitForSSMAgent
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: Sanitize
                action: SanitizeInstance
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: MetadataAgain
                action: CollectImageMetadata
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: MakeImage
                action: CreateImage
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: AgentLast
                action: WaitForSSMAgent
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: Terminate
                action: TerminateInstance
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
            """;
    private static final String COMPONENT = """
            name: hello
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Hello
                    action: ExecuteBash
                    inputs:
                      commands:
                        - echo hello
            """;
    private static final Set<ImageStatus> ENDED = Set.of(ImageStatus.AVAILABLE, ImageStatus.FAILED,
            ImageStatus.CANCELLED);

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        new ImageBuilderLoad().run(images, clients);
        System.exit(0);
    }

    private void run(int images, int clients) throws Exception {
        Path data = BenchData.folder("stepwise-bench-imagebuilder");
        try (StepwiseServer server = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", ACCOUNT,
                WaitScale.REAL, true));
             ImagebuilderClient ib = client(server.port())) {
            String component = ib.createComponent(b -> b.name("hello").semanticVersion("1.0.0")
                    .platform(Platform.LINUX).data(COMPONENT).clientToken(token())).componentBuildVersionArn();
            String workflow = ib.createWorkflow(b -> b.name("ten-steps").semanticVersion("1.0.0")
                    .type(WorkflowType.BUILD).data(TEN_STEPS).clientToken(token())).workflowBuildVersionArn();
            String infrastructure = ib.createInfrastructureConfiguration(b -> b.name("bench")
                    .instanceProfileName("builder").clientToken(token())).infrastructureConfigurationArn();
            List<String> recipes = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String name = "bench-" + c;
                recipes.add(ib.createImageRecipe(b -> b.name(name).semanticVersion("1.0.0")
                        .parentImage("ami-0123456789abcdef0").components(x -> x.componentArn(component))
                        .clientToken(token())).imageRecipeArn());
            }

            long start = System.nanoTime();
            List<String> made = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                List<Future<List<String>>> each = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int share = images / clients + (c < images % clients ? 1 : 0);
                    String recipe = recipes.get(c);
                    each.add(pool.submit(() -> create(server.port(), recipe, infrastructure, workflow, share)));
                }
                for (Future<List<String>> f : each) {
                    made.addAll(f.get());
                }
            }
            double createSeconds = (System.nanoTime() - start) / 1e9;
            int failed = 0;
            for (String image : made) {
                ImageStatus status;
                while (!ENDED.contains(status = ib.getImage(b -> b.imageBuildVersionArn(image)).image().state()
                        .status())) {
                    // a poll, not a synchronisation: the figure is good to this interval, and the driver
                    // leaves the shared cores to the server meanwhile
                    Thread.sleep(POLL_MILLIS);
                }
                failed += status == ImageStatus.AVAILABLE ? 0 : 1;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("images=%d clients=%d steps/run=%d failed=%d seconds=%.2f%n", made.size(), clients,
                    STEPS, failed, seconds);
            result("imagebuilder.createImage", made.size() / createSeconds, "calls/s");
            result("imagebuilder.workflowRuns", made.size() / seconds, "runs/s");
            result("imagebuilder.steps", made.size() * (double) STEPS / seconds, "steps/s");
        }
    }

    /** One client's CreateImage calls, one after another, each from its own recipe. */
    private static List<String> create(int port, String recipe, String infrastructure, String workflow, int count) {
        List<String> made = new ArrayList<>();
        try (ImagebuilderClient ib = client(port)) {
            for (int i = 0; i < count; i++) {
                made.add(ib.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infrastructure)
                        .imageTestsConfiguration(t -> t.imageTestsEnabled(false))
                        .workflows(w -> w.workflowArn(workflow)).clientToken(token())).imageBuildVersionArn());
            }
        }
        return made;
    }

    private static ImagebuilderClient client(int port) {
        return ImagebuilderClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private static void result(String name, double value, String unit) {
        System.out.printf("RESULT stepwise %s %.1f %s%n", name, value, unit);
    }
}
