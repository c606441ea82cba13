package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.ActivityListItem;
import software.amazon.awssdk.services.sfn.model.Tag;

/** TagResource, UntagResource, ListTagsForResource on state machines and activities. */
class TagApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> tags(String arn) {
        Map<String, String> map = new TreeMap<>();
        server.sfn().listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    @Test
    @Covers({"TagResource", "UntagResource", "ListTagsForResource", "CreateStateMachine"})
    void tagsOfAStateMachine() {
        String m = server.sfn().createStateMachine(r -> r.name("tagged").definition(PASS).roleArn(ROLE)
                .tags(tag("owner", "ada"))).stateMachineArn();
        server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("env", "dev"), tag("cost-centre", "42")));
        assertThat(tags(m)).isEqualTo(Map.of("owner", "ada", "env", "dev", "cost-centre", "42"));

        // tagging an existing key replaces its value
        server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("env", "prod")));
        assertThat(tags(m)).containsEntry("env", "prod").hasSize(3);

        // untagging keys that are not there is no error
        server.sfn().untagResource(r -> r.resourceArn(m).tagKeys("cost-centre", "never-set"));
        assertThat(tags(m)).isEqualTo(Map.of("owner", "ada", "env", "prod"));
        server.sfn().untagResource(r -> r.resourceArn(m).tagKeys("owner", "env"));
        assertThat(server.sfn().listTagsForResource(r -> r.resourceArn(m)).tags()).isEmpty();
    }

    @Test
    @Covers({"TagResource", "UntagResource", "ListTagsForResource", "CreateActivity"})
    void tagsOfAnActivity() {
        String a = server.sfn().createActivity(r -> r.name("tagged-activity").tags(tag("k1", "v1"))).activityArn();
        server.sfn().tagResource(r -> r.resourceArn(a).tags(tag("k2", "")));
        assertThat(tags(a)).isEqualTo(Map.of("k1", "v1", "k2", ""));
        server.sfn().untagResource(r -> r.resourceArn(a).tagKeys("k1"));
        assertThat(tags(a)).isEqualTo(Map.of("k2", ""));
    }

    @Test
    @Covers({"TagResource", "UntagResource", "ListTagsForResource"})
    void unknownResourcesAndMalformedArns() {
        String machine = ARN_PREFIX + "stateMachine:untagged-nothing";
        String activity = ARN_PREFIX + "activity:untagged-nothing";
        for (String arn : List.of(machine, activity)) {
            // (no recording of AWS's wording for tags of a missing resource: the code only)
            expectError(() -> server.sfn().tagResource(r -> r.resourceArn(arn).tags(tag("k", "v"))), "ResourceNotFound", null);
            expectError(() -> server.sfn().untagResource(r -> r.resourceArn(arn).tagKeys("k")), "ResourceNotFound", null);
            expectError(() -> server.sfn().listTagsForResource(r -> r.resourceArn(arn)), "ResourceNotFound", null);
        }
        expectError(() -> server.sfn().tagResource(r -> r.resourceArn("invalid_arn").tags(tag("k", "v"))), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
        expectError(() -> server.sfn().listTagsForResource(r -> r.resourceArn("invalid_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
    }

    @Test
    @Covers({"TagResource", "UntagResource", "ListTagsForResource"})
    void tagConstraintsAreTheModelsAndNothingIsTaggedWhenOneFails() {
        String m = server.sfn().createStateMachine(r -> r.name("constrained").definition(PASS).roleArn(ROLE))
                .stateMachineArn();
        String longKey = "k".repeat(129);
        String longValue = "v".repeat(257);
        expectError(() -> server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("fine", "ok"), tag(longKey, "v"))),
                "ValidationException", "1 validation error detected: Value '" + longKey + "' at 'tags.2.member.key' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 128");
        expectError(() -> server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("k", longValue))),
                "ValidationException", "1 validation error detected: Value '" + longValue + "' at 'tags.1.member.value' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 256");
        expectError(() -> server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("", "v"), tag(longKey, longValue))),
                "ValidationException", "3 validation errors detected: Value '' at 'tags.1.member.key' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 1; Value '" + longKey
                        + "' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or "
                        + "equal to 128; Value '" + longValue + "' at 'tags.2.member.value' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 256");
        // (no recording of AWS's wording for a list of strings: the code only)
        expectError(() -> server.sfn().untagResource(r -> r.resourceArn(m).tagKeys(longKey)), "ValidationException", null);
        assertThat(server.sfn().listTagsForResource(r -> r.resourceArn(m)).tags()).isEmpty();

        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("t" + i, "v"));
        }
        server.sfn().tagResource(r -> r.resourceArn(m).tags(fifty));
        // re-tagging the same keys stays within the limit
        server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("t0", "again")));
        // (no recording of AWS's wording for the tag limit: the code only)
        expectError(() -> server.sfn().tagResource(r -> r.resourceArn(m).tags(tag("one-too-many", "v"))), "TooManyTags", null);
        assertThat(tags(m)).hasSize(50).doesNotContainKey("one-too-many").containsEntry("t0", "again");
    }

    @Test
    @Covers({"CreateStateMachine", "CreateActivity", "DescribeStateMachine", "DescribeActivity"})
    void aCreateWithInvalidTagsCreatesNothing() {
        String longKey = "k".repeat(129);
        expectError(() -> server.sfn().createStateMachine(r -> r.name("badly-tagged").definition(PASS).roleArn(ROLE)
                        .tags(tag(longKey, "v"))),
                "ValidationException", "1 validation error detected: Value '" + longKey + "' at 'tags.1.member.key' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 128");
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn(ARN_PREFIX + "stateMachine:badly-tagged")),
                "StateMachineDoesNotExist", null);

        expectError(() -> server.sfn().createActivity(r -> r.name("badly-tagged").tags(tag(longKey, "v"))),
                "ValidationException", "1 validation error detected: Value '" + longKey + "' at 'tags.1.member.key' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 128");
        assertThat(server.sfn().listActivitiesPaginator(r -> { }).activities().stream().map(ActivityListItem::name))
                .doesNotContain("badly-tagged");

        List<Tag> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(tag("t" + i, "v"));
        }
        expectError(() -> server.sfn().createStateMachine(r -> r.name("over-tagged").definition(PASS).roleArn(ROLE)
                .tags(tooMany)), "TooManyTags", null);
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn(ARN_PREFIX + "stateMachine:over-tagged")),
                "StateMachineDoesNotExist", null);
        expectError(() -> server.sfn().createActivity(r -> r.name("over-tagged").tags(tooMany)), "TooManyTags", null);
        assertThat(server.sfn().listActivitiesPaginator(r -> { }).activities().stream().map(ActivityListItem::name))
                .doesNotContain("over-tagged");
    }
}
