package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.transfer.model.Tag;

/** TagResource, UntagResource and ListTagsForResource on servers, users, host keys and workflows. */
class TransferTagApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer";
    private static TransferClient transfer;
    private static String serverId;

    @BeforeAll
    static void start() {
        transfer = server.fixture().transfer("test", Region.US_EAST_1);
        serverId = transfer.createServer(r -> { }).serverId();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<Tag> tags(String arn) {
        return transfer.listTagsForResource(r -> r.arn(arn)).tags();
    }

    @Test
    void everyKindOfResourceIsTaggedAndUntagged() {
        String serverArn = transfer.describeServer(r -> r.serverId(serverId)).server().arn();
        transfer.createUser(r -> r.serverId(serverId).userName("alice").role(ROLE));
        String userArn = transfer.describeUser(r -> r.serverId(serverId).userName("alice")).user().arn();
        String hostKeyArn = transfer.listHostKeys(r -> r.serverId(serverId)).hostKeys().get(0).arn();
        String workflowId = transfer.createWorkflow(r -> r.steps(s -> s.type("DELETE")
                .deleteStepDetails(d -> d.name("d")))).workflowId();
        String workflowArn = transfer.describeWorkflow(r -> r.workflowId(workflowId)).workflow().arn();
        for (String arn : List.of(serverArn, userArn, hostKeyArn, workflowArn)) {
            transfer.tagResource(r -> r.arn(arn).tags(tag("b", "2"), tag("a", "1")));
            transfer.tagResource(r -> r.arn(arn).tags(tag("b", "3")));
            ListTagsForResourceResponse listed = transfer.listTagsForResource(r -> r.arn(arn));
            assertThat(listed.arn()).isEqualTo(arn);
            assertThat(listed.tags()).containsExactly(tag("a", "1"), tag("b", "3"));
            transfer.untagResource(r -> r.arn(arn).tagKeys("a", "never-set"));
            assertThat(tags(arn)).containsExactly(tag("b", "3"));
        }
        assertThat(transfer.describeServer(r -> r.serverId(serverId)).server().tags()).containsExactly(tag("b", "3"));
        assertThat(transfer.describeUser(r -> r.serverId(serverId).userName("alice")).user().tags())
                .containsExactly(tag("b", "3"));
    }

    @Test
    void listTagsForResourcePagesInKeyOrder() {
        String arn = transfer.describeServer(r -> r.serverId(serverId)).server().arn().replace(serverId,
                transfer.createServer(r -> r.tags(tag("k3", "v"), tag("k1", "v"), tag("k2", "v"))).serverId());
        ListTagsForResourceResponse first = transfer.listTagsForResource(r -> r.arn(arn).maxResults(2));
        assertThat(first.tags()).extracting(Tag::key).containsExactly("k1", "k2");
        ListTagsForResourceResponse second = transfer.listTagsForResource(r -> r.arn(arn).maxResults(2)
                .nextToken(first.nextToken()));
        assertThat(second.tags()).extracting(Tag::key).containsExactly("k3");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void aResourceHasAtMostFiftyTags() {
        String id = transfer.createServer(r -> { }).serverId();
        String arn = transfer.describeServer(r -> r.serverId(id)).server().arn();
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        transfer.tagResource(r -> r.arn(arn).tags(fifty));
        expectError(() -> transfer.tagResource(r -> r.arn(arn).tags(tag("one-more", "v"))), "InvalidRequestException",
                "Too many tags: a resource can have at most 50 tags");
        assertThat(tags(arn)).hasSize(50);
        // replacing a tag's value is not one more tag
        transfer.tagResource(r -> r.arn(arn).tags(tag("k0", "changed")));
    }

    @Test
    void anUnknownResourceIsNotFound() {
        String arn = "arn:aws:transfer:us-east-1:123456789012:server/s-0123456789abcdef0";
        expectNotFound(() -> transfer.tagResource(r -> r.arn(arn).tags(tag("a", "1"))), "Unknown server", arn,
                "Server");
        expectNotFound(() -> transfer.untagResource(r -> r.arn(arn).tagKeys("a")), "Unknown server", arn, "Server");
        expectError(() -> transfer.listTagsForResource(r -> r.arn(arn)), "InvalidRequestException",
                "Unknown resource: " + arn);
        String workflow = "arn:aws:transfer:us-east-1:123456789012:workflow/w-0123456789abcdef0";
        expectNotFound(() -> transfer.tagResource(r -> r.arn(workflow).tags(tag("a", "1"))), "Unknown workflow",
                workflow, "Workflow");
        expectError(() -> transfer.tagResource(r -> r.arn("not-an-arn-at-all-here").tags(tag("a", "1"))),
                "ValidationException", "1 validation error detected: Value 'not-an-arn-at-all-here' at 'arn' failed to "
                        + "satisfy constraint: Member must satisfy regular expression pattern: arn:\\S+");
        expectError(() -> transfer.tagResource(r -> r.arn(arn)), "ValidationException",
                "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be "
                        + "null");
    }
}
