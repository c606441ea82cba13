package dev.stepwise.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ARNs of components, image recipes and configurations, as AWS forms them and the model's patterns accept them. */
class RecordArnsTest {

    @Test
    void arnsAreFormedFromTheNormalizedNameAndVersion() {
        String name = WorkflowArn.normalizedName("My Component_One");
        SemanticVersion v = SemanticVersion.parse("1.2.3");
        String build = RecordArns.componentBuildVersion("us-east-1", "123456789012", name, v, 4);
        assertThat(build).isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:component/my-component-one/1.2.3/4");
        assertThat(Pattern.compile(RecordArns.COMPONENT_BUILD_VERSION).matcher(build).find()).isTrue();
        assertThat(Pattern.compile(RecordArns.COMPONENT_VERSION).matcher(build).find()).isFalse();
        assertThat(RecordArns.imageRecipe("eu-west-1", "123456789012", "web", v))
                .isEqualTo("arn:aws:imagebuilder:eu-west-1:123456789012:image-recipe/web/1.2.3")
                .matches(RecordArns.IMAGE_RECIPE);
        assertThat(RecordArns.infrastructureConfiguration("us-east-1", "123456789012", "small"))
                .isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/small")
                .matches(RecordArns.INFRASTRUCTURE_CONFIGURATION);
        assertThat(RecordArns.distributionConfiguration("us-east-1", "123456789012", "eu"))
                .isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/eu")
                .matches(RecordArns.DISTRIBUTION_CONFIGURATION);
    }

    @Test
    void versionedArnsAreReadWithTheirWildcardsAndBuildNumbers() {
        RecordArns.Versioned build = RecordArns.versioned(
                "arn:aws:imagebuilder:us-east-1:123456789012:component/hello/1.0.0/2").orElseThrow();
        assertThat(build.kind()).isEqualTo("component");
        assertThat(build.name()).isEqualTo("hello");
        assertThat(build.version().exact()).isTrue();
        assertThat(build.buildNumber()).isEqualTo(2);
        assertThat(build.ownedBy("123456789012", "us-east-1")).isTrue();
        assertThat(build.ownedBy("222222222222", "us-east-1")).isFalse();
        assertThat(build.ownedBy("123456789012", "us-west-2")).isFalse();

        RecordArns.Versioned wildcard = RecordArns.versioned(
                "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x").orElseThrow();
        assertThat(wildcard.account()).isEqualTo("aws");
        assertThat(wildcard.version().matches(SemanticVersion.parse("1.4.0"))).isTrue();
        assertThat(wildcard.version().matches(SemanticVersion.parse("2.0.0"))).isFalse();
        assertThat(wildcard.buildNumber()).isNull();

        assertThat(RecordArns.versioned("arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/x.x.x"))
                .hasValueSatisfying(a -> assertThat(a.kind()).isEqualTo("image-recipe"));
        // a build number needs an exact version; names are lower case
        assertThat(RecordArns.versioned("arn:aws:imagebuilder:us-east-1:123456789012:component/hello/1.x.0/2"))
                .isEmpty();
        assertThat(RecordArns.versioned("arn:aws:imagebuilder:us-east-1:123456789012:component/Hello/1.0.0/2"))
                .isEmpty();
    }

    @Test
    void theAccountAndRegionOfAnyImageBuilderArnAreRead() {
        assertThat(RecordArns.accountAndRegion("arn:aws:imagebuilder:eu-west-1:222222222222:distribution-"
                + "configuration/x")).hasValueSatisfying(ar -> assertThat(ar).containsExactly("222222222222",
                "eu-west-1"));
        assertThat(RecordArns.accountAndRegion("arn:aws:states:eu-west-1:222222222222:stateMachine:x")).isEmpty();
    }
}
