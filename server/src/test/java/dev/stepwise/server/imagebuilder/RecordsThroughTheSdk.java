package dev.stepwise.server.imagebuilder;

import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Platform;

/**
 * The records an image needs, made through the SDK as a user makes them: one component for every
 * recipe (made the first time a recipe asks for it), recipes, infrastructure and distribution
 * configurations by name. The client is asked for at each call, as tests that restart the server
 * connect a new one.
 */
public final class RecordsThroughTheSdk {
    public static final String COMPONENT_DOC = """
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
    /** A build workflow that waits for SendWorkflowStepAction between launching and imaging. */
    public static final String APPROVAL_DOC = """
            name: approval
            schemaVersion: 1.0
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
              - name: Approve
                action: WaitForAction
              - name: MakeImage
                action: CreateImage
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
            """;

    private final Supplier<ImagebuilderClient> ib;
    private String component;

    public RecordsThroughTheSdk(Supplier<ImagebuilderClient> ib) {
        this.ib = ib;
    }

    public static String token() {
        return UUID.randomUUID().toString();
    }

    /** The component of every recipe made here. */
    public String component() {
        if (component == null) {
            component = ib.get().createComponent(b -> b.name("hello").semanticVersion("1.0.0")
                    .platform(Platform.LINUX).data(COMPONENT_DOC).clientToken(token())).componentBuildVersionArn();
        }
        return component;
    }

    public String recipe(String name) {
        return ib.get().createImageRecipe(b -> b.name(name).semanticVersion("1.0.0")
                .parentImage("ami-0123456789abcdef0").components(c -> c.componentArn(component()))
                .clientToken(token())).imageRecipeArn();
    }

    public String infrastructure(String name) {
        return ib.get().createInfrastructureConfiguration(b -> b.name(name).instanceProfileName("builder")
                .instanceTypes("c5.large").clientToken(token())).infrastructureConfigurationArn();
    }

    public String distribution(String name) {
        return ib.get().createDistributionConfiguration(b -> b.name(name).distributions(d -> d.region("us-east-1"))
                .clientToken(token())).distributionConfigurationArn();
    }
}
