package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * Pagination tokens are opaque, signed, tied to their listing and expire after 24 hours: a forged,
 * altered, expired or foreign token is InvalidToken. Listings are keyset-paged: every row exactly
 * once, in order, even while rows are added.
 */
class PaginationApiTest {
    private static final String INVALID_TOKEN = "Invalid Token: 'Invalid token'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerFixture fixture;
    private static SfnClient sfn;
    private static String machineA;
    private static String machineB;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture();
        sfn = fixture.sfn();
        machineA = sfn.createStateMachine(r -> r.name("tokens-a").definition(PASS).roleArn(ROLE)).stateMachineArn();
        machineB = sfn.createStateMachine(r -> r.name("tokens-b").definition(PASS).roleArn(ROLE)).stateMachineArn();
        for (int i = 0; i < 4; i++) {
            sfn.startExecution(r -> r.stateMachineArn(machineA));
            sfn.startExecution(r -> r.stateMachineArn(machineB));
        }
        for (int i = 0; i < 3; i++) {
            sfn.createActivity(r -> r.name("tokens-activity-" + System.nanoTime()));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static String firstPageToken(String machine) {
        String token = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(2)).nextToken();
        assertThat(token).isNotNull();
        return token;
    }

    private static void listA(String token) {
        sfn.listExecutions(r -> r.stateMachineArn(machineA).maxResults(2).nextToken(token));
    }

    // ---- forging tokens the way the server makes them: base64url(JSON payload) "." base64url(HMAC-SHA256)

    private static ObjectNode payload(String token) throws IOException {
        String body = token.substring(0, token.indexOf('.'));
        return (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(body));
    }

    private static String sign(ObjectNode payload, byte[] key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String body = b64.encodeToString(JSON.writeValueAsBytes(payload));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return body + "." + b64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] serverKey() throws IOException {
        return fixture.store().secret("page-tokens", 32);
    }

    @Test
    @Covers("ListExecutions")
    void forgedTokensAreInvalid() throws Exception {
        for (String forged : List.of("forged", "abc.def", ".", "e30.e30", "!!!.???")) {
            expectError(() -> listA(forged), "InvalidToken", INVALID_TOKEN);
        }
        // well formed, but signed with another key
        ObjectNode genuine = payload(firstPageToken(machineA));
        String otherKey = sign(genuine, "not the server's key".getBytes(StandardCharsets.UTF_8));
        expectError(() -> listA(otherKey), "InvalidToken", INVALID_TOKEN);
    }

    @Test
    @Covers("ListExecutions")
    void tamperedTokensAreInvalid() throws Exception {
        String token = firstPageToken(machineA);
        listA(token);
        // the payload changed, the signature kept
        ObjectNode moved = payload(token);
        moved.put("p", "0:0");
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(moved));
        String tampered = body + token.substring(token.indexOf('.'));
        expectError(() -> listA(tampered), "InvalidToken", INVALID_TOKEN);
        // one character of the signature changed: its first, all of whose bits count (the last
        // character's low bits may be padding, so changing it can leave the bytes as they were)
        int at = token.indexOf('.') + 1;
        String flipped = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        expectError(() -> listA(flipped), "InvalidToken", INVALID_TOKEN);
        // truncated
        expectError(() -> listA(token.substring(0, token.length() - 4)), "InvalidToken", INVALID_TOKEN);
    }

    @Test
    @Covers("ListExecutions")
    void tokensExpireAfter24Hours() throws Exception {
        String token = firstPageToken(machineA);
        List<String> expected = sfn.listExecutions(r -> r.stateMachineArn(machineA).maxResults(2).nextToken(token))
                .executions().stream().map(ExecutionListItem::executionArn).toList();
        byte[] key = serverKey();

        // re-signing the genuine payload with the server's key makes an accepted token: the forging is faithful
        ObjectNode fresh = payload(token);
        fresh.put("t", Instant.now().getEpochSecond());
        String reSigned = sign(fresh, key);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machineA).maxResults(2).nextToken(reSigned))
                .executions()).extracting(ExecutionListItem::executionArn).isEqualTo(expected);

        ObjectNode old = payload(token);
        old.put("t", Instant.now().minus(Duration.ofHours(24)).minus(Duration.ofMinutes(1)).getEpochSecond());
        String expired = sign(old, key);
        expectError(() -> listA(expired), "InvalidToken", INVALID_TOKEN);

        ObjectNode almost = payload(token);
        almost.put("t", Instant.now().minus(Duration.ofHours(23)).getEpochSecond());
        String stillGood = sign(almost, key);
        listA(stillGood);
    }

    @Test
    @Covers({"ListExecutions", "ListStateMachines", "ListActivities", "GetExecutionHistory"})
    void aTokenContinuesOnlyTheListingItCameFrom() {
        String tokenA = firstPageToken(machineA);
        expectError(() -> sfn.listExecutions(r -> r.stateMachineArn(machineB).maxResults(2).nextToken(tokenA)),
                "InvalidToken", INVALID_TOKEN);
        expectError(() -> sfn.listExecutions(r -> r.stateMachineArn(machineA).statusFilter(ExecutionStatus.SUCCEEDED)
                .maxResults(2).nextToken(tokenA)), "InvalidToken", INVALID_TOKEN);

        String machines = sfn.listStateMachines(r -> r.maxResults(1)).nextToken();
        String activities = sfn.listActivities(r -> r.maxResults(1)).nextToken();
        assertThat(machines).isNotNull();
        assertThat(activities).isNotNull();
        expectError(() -> sfn.listActivities(r -> r.nextToken(machines)), "InvalidToken", INVALID_TOKEN);
        expectError(() -> sfn.listStateMachines(r -> r.nextToken(activities)), "InvalidToken", INVALID_TOKEN);
        expectError(() -> sfn.listStateMachineVersions(r -> r.stateMachineArn(machineA).nextToken(machines)),
                "InvalidToken", INVALID_TOKEN);

        List<ExecutionListItem> executions = sfn.listExecutions(r -> r.stateMachineArn(machineA)).executions();
        String one = executions.get(0).executionArn();
        String other = executions.get(1).executionArn();
        String historyToken = sfn.getExecutionHistory(r -> r.executionArn(one).maxResults(1)).nextToken();
        expectError(() -> sfn.getExecutionHistory(r -> r.executionArn(other).maxResults(1).nextToken(historyToken)),
                "InvalidToken", INVALID_TOKEN);
        expectError(() -> sfn.listExecutions(r -> r.stateMachineArn(machineA).nextToken(historyToken)),
                "InvalidToken", INVALID_TOKEN);
    }

    @Test
    @Covers("ListExecutions")
    void tokensSurviveARestart() {
        String token = firstPageToken(machineA);
        List<String> before = sfn.listExecutions(r -> r.stateMachineArn(machineA).maxResults(2).nextToken(token))
                .executions().stream().map(ExecutionListItem::executionArn).toList();
        fixture.restart();
        sfn = fixture.sfn();
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machineA).maxResults(2).nextToken(token)).executions())
                .extracting(ExecutionListItem::executionArn).isEqualTo(before);
    }

    @Test
    @Covers({"ListExecutions", "StartExecution"})
    void aThousandExecutionsPageExactlyOnceEachNewestFirst() throws Exception {
        String m = sfn.createStateMachine(r -> r.name("thousand").definition(PASS).roleArn(ROLE)).stateMachineArn();
        Set<String> started = Collections.synchronizedSet(new HashSet<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(pool.submit(() -> started.add(sfn.startExecution(r -> r.stateMachineArn(m))
                        .executionArn())));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(started).hasSize(1000);

        List<ExecutionListItem> seen = new ArrayList<>();
        ListExecutionsResponse page = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(150));
        seen.addAll(page.executions());
        // executions started while paging are newer than the position reached: they do not disturb it
        for (int i = 0; i < 5; i++) {
            sfn.startExecution(r -> r.stateMachineArn(m));
        }
        int pages = 1;
        while (page.nextToken() != null) {
            String t = page.nextToken();
            page = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(150).nextToken(t));
            assertThat(page.executions()).hasSizeLessThanOrEqualTo(150);
            seen.addAll(page.executions());
            pages++;
        }
        assertThat(pages).isEqualTo(7);
        assertThat(seen).extracting(ExecutionListItem::executionArn).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(started);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).startDate()).isBeforeOrEqualTo(seen.get(i - 1).startDate());
        }
        // the default page size is 100; the paginator sees all 1,005
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(m)).executions()).hasSize(100);
        assertThat(sfn.listExecutionsPaginator(r -> r.stateMachineArn(m)).executions().stream().count())
                .isEqualTo(1005);
    }
}
