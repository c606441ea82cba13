package dev.stepwise.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.ServiceException;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Workflow ARNs and semantic versions in AWS's forms. */
class WorkflowArnTest {

    @Test
    void aBuildVersionArnNamesItsParts() {
        WorkflowArn arn = WorkflowArn.parse("arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.2.3/4")
                .orElseThrow();
        assertThat(arn).isEqualTo(new WorkflowArn("aws", "us-west-2", "111122223333", WorkflowType.BUILD, "my-flow",
                new VersionSelector(1, 2, 3), 4));
        assertThat(arn.isBuildVersion()).isTrue();
        assertThat(arn.managed()).isFalse();
    }

    @Test
    void versionAndWildcardArnsSelectVersions() {
        WorkflowArn wildcard = WorkflowArn.parse("arn:aws:imagebuilder:eu-west-1:aws:workflow/test/test-image/1.x.x")
                .orElseThrow();
        assertThat(wildcard.managed()).isTrue();
        assertThat(wildcard.isBuildVersion()).isFalse();
        assertThat(wildcard.version()).isEqualTo(new VersionSelector(1, null, null));
        assertThat(wildcard.version().matches(new SemanticVersion(1, 7, 0))).isTrue();
        assertThat(wildcard.version().matches(new SemanticVersion(2, 0, 0))).isFalse();
        assertThat(WorkflowArn.parse("arn:aws:imagebuilder:eu-west-1:aws:workflow/distribution/distribute-image/x.x.x")
                .orElseThrow().version()).isEqualTo(VersionSelector.ANY);
    }

    @Test
    void arnsOfOtherFormsAreNotWorkflowArns() {
        for (String text : List.of(
                "arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/My-Flow/1.0.0/1",
                "arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.x.0/1",
                "arn:aws:imagebuilder:us-west-2:111122223333:workflow/deploy/my-flow/1.0.0/1",
                "arn:aws:imagebuilder:us-west-2:1111:workflow/build/my-flow/1.0.0/1",
                "arn:aws:imagebuilder:us-west-2:111122223333:component/my-flow/1.0.0/1",
                "arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.0/1",
                "arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow")) {
            assertThat(WorkflowArn.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void arnsAreMadeFromTheNormalizedName() {
        assertThat(WorkflowArn.normalizedName("My Example_Workflow")).isEqualTo("my-example-workflow");
        String arn = WorkflowArn.buildVersion("us-east-1", "123456789012", WorkflowType.DISTRIBUTION, "ship-it",
                new SemanticVersion(2, 0, 1), 3);
        assertThat(arn).isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:workflow/distribution/ship-it/2.0.1/3");
        assertThat(WorkflowArn.parse(arn)).isPresent();
    }

    @Test
    void semanticVersionsHaveThreeNodesUpToTwoToTheThirtyMinusOne() {
        assertThat(SemanticVersion.parse("2021.01.01")).isEqualTo(new SemanticVersion(2021, 1, 1));
        assertThat(SemanticVersion.parse("1073741823.0.0")).isEqualTo(new SemanticVersion(1073741823, 0, 0));
        assertThat(SemanticVersion.parse("1.0")).isNull();
        assertThat(SemanticVersion.parse("1.0.0-beta")).isNull();
        assertThatThrownBy(() -> SemanticVersion.parse("1.1073741824.0"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("InvalidVersionNumberException");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("The semantic version '1.1073741824.0' is not valid: each of "
                            + "its major, minor and patch numbers must be from 0 to 1073741823.");
                });
    }

    @Test
    void versionsOrderNumericallyAndSoDoTheirKeys() {
        List<SemanticVersion> versions = Stream.of("10.0.0", "2.0.0", "2.10.0", "2.9.1", "0.0.1")
                .map(SemanticVersion::parse).toList();
        List<String> expected = List.of("0.0.1", "2.0.0", "2.9.1", "2.10.0", "10.0.0");
        assertThat(versions.stream().sorted().map(SemanticVersion::toString)).containsExactlyElementsOf(expected);
        assertThat(versions.stream().sorted(java.util.Comparator.comparing(SemanticVersion::sortKey))
                .map(SemanticVersion::toString)).containsExactlyElementsOf(expected);
    }

    @Test
    void latestVersionReferencesAreWildcardArnsOfTheBuild() {
        WorkflowRecord w = new WorkflowRecord(
                "arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.2.3/4", "My Flow",
                WorkflowType.BUILD, new SemanticVersion(1, 2, 3), 4, null, null, "111122223333", "data", null,
                java.time.Instant.EPOCH, java.util.Map.of(), List.of(), 1);
        assertThat(WorkflowViews.latestVersionReferences(w).toString()).isEqualTo("{"
                + "\"latestVersionArn\":\"arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/x.x.x\","
                + "\"latestMajorVersionArn\":\"arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.x.x\","
                + "\"latestMinorVersionArn\":\"arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.2.x\","
                + "\"latestPatchVersionArn\":\"arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.2.3\"}");
        assertThat(w.versionArn()).isEqualTo("arn:aws:imagebuilder:us-west-2:111122223333:workflow/build/my-flow/1.2.3");
    }
}
