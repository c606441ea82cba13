package dev.stepwise.server.secretsmanager;

import static dev.stepwise.server.secretsmanager.SecretsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * ListSecrets: the caller's secrets by creation time (oldest first unless SortOrder says desc) or
 * by name, in pages of MaxResults with a NextToken the SDK's paginator follows, filtered by name,
 * description, tag key and value, with negation.
 */
class ListSecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("prod/db", "prod/api", "dev/db", "Dev/cache", "test/db");

    private static SecretsFixture fixture;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws IOException {
        fixture = new SecretsFixture();
        secrets = fixture.secrets();
        for (String name : NAMES) {
            secrets.createSecret(r -> r.name(name).secretString("v").description("The " + name + " credentials")
                    .tags(Tag.builder().key(name.startsWith("prod") ? "critical" : "team").value(name).build()));
            fixture.advance(Duration.ofSeconds(1));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static List<String> names(List<SecretListEntry> entries) {
        return entries.stream().map(SecretListEntry::name).toList();
    }

    @Test
    void thePaginatorReadsEverySecretOnceInCreationOrder() {
        assertThat(names(SecretsFixture.entries(secrets.listSecretsPaginator(r -> r.maxResults(2)))))
                .containsExactlyElementsOf(NAMES);
        ListSecretsResponse first = secrets.listSecrets(r -> r.maxResults(2));
        assertThat(first.secretList()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        List<String> reversed = new ArrayList<>(NAMES);
        java.util.Collections.reverse(reversed);
        assertThat(names(SecretsFixture.entries(secrets.listSecretsPaginator(r -> r.maxResults(3)
                .sortOrder(SortOrderType.DESC))))).containsExactlyElementsOf(reversed);
        assertThat(secrets.listSecrets(r -> r.maxResults(100)).nextToken()).isNull();
    }

    @Test
    void anEntryTellsWhatDescribeSecretTells() {
        SecretListEntry entry = secrets.listSecrets(r -> r.maxResults(1)).secretList().get(0);
        assertThat(entry.name()).isEqualTo("prod/db");
        assertThat(entry.description()).isEqualTo("The prod/db credentials");
        assertThat(entry.tags()).extracting(Tag::key).containsExactly("critical");
        assertThat(entry.secretVersionsToStages()).hasSize(1).allSatisfy((id, stages) ->
                assertThat(stages).containsExactly("AWSCURRENT"));
        assertThat(entry.createdDate()).isEqualTo(SecretsFixture.START);
        assertThat(entry.arn()).isEqualTo(secrets.describeSecret(r -> r.secretId("prod/db")).arn());
    }

    @Test
    void filtersMatchByPrefixAndEveryFilterMustMatch() {
        assertThat(list(filter(FilterNameStringType.NAME, "prod/"))).containsExactly("prod/db", "prod/api");
        // names and tag keys are matched case-sensitively, descriptions not
        assertThat(list(filter(FilterNameStringType.NAME, "dev"))).containsExactly("dev/db");
        assertThat(list(filter(FilterNameStringType.DESCRIPTION, "the DEV"))).containsExactly("dev/db", "Dev/cache");
        assertThat(list(filter(FilterNameStringType.TAG_KEY, "crit"))).containsExactly("prod/db", "prod/api");
        assertThat(list(filter(FilterNameStringType.TAG_VALUE, "test/"))).containsExactly("test/db");
        assertThat(list(filter(FilterNameStringType.NAME, "!prod"))).containsExactly("dev/db", "Dev/cache",
                "test/db");
        assertThat(list(filter(FilterNameStringType.NAME, "dev", "test"))).containsExactly("dev/db", "test/db");
        assertThat(list(filter(FilterNameStringType.TAG_KEY, "team"), filter(FilterNameStringType.NAME, "!dev")))
                .containsExactly("Dev/cache", "test/db");
        assertThat(list(filter(FilterNameStringType.ALL, "CACHE"))).containsExactly("Dev/cache");
        assertThat(list(filter(FilterNameStringType.PRIMARY_REGION, "us-east"))).hasSize(NAMES.size());
        assertThat(list(filter(FilterNameStringType.OWNING_SERVICE, "rds"))).isEmpty();
    }

    @Test
    void aFilteredListingIsPagedToo() {
        assertThat(names(SecretsFixture.entries(secrets.listSecretsPaginator(r -> r.maxResults(1)
                .filters(filter(FilterNameStringType.NAME, "!prod")))))).containsExactly("dev/db", "Dev/cache",
                "test/db");
    }

    private static Filter filter(FilterNameStringType key, String... values) {
        return Filter.builder().key(key).values(values).build();
    }

    private static List<String> list(Filter... filters) {
        return names(SecretsFixture.entries(secrets.listSecretsPaginator(r -> r.filters(filters))));
    }

    @Test
    void aNextTokenIsGoodForItsListingOnly() {
        String token = secrets.listSecrets(r -> r.maxResults(1)).nextToken();
        expectError(() -> secrets.listSecrets(r -> r.nextToken(token).sortOrder(SortOrderType.DESC)),
                "InvalidNextTokenException", "The NextToken value is invalid.");
        expectError(() -> secrets.listSecrets(r -> r.nextToken(token + "x")), "InvalidNextTokenException", null);
        expectError(() -> secrets.listSecrets(r -> r.nextToken("not-a-token")), "InvalidNextTokenException", null);
        SecretsManagerClient oregon = fixture.client("test", Region.US_WEST_2);
        expectError(() -> oregon.listSecrets(r -> r.nextToken(token)), "InvalidNextTokenException", null);
        assertThat(secrets.listSecrets(r -> r.nextToken(token).maxResults(1)).secretList())
                .extracting(SecretListEntry::name).containsExactly("prod/api");
    }

    /** SortBy is newer than the SDK in use: sent as boto3 sends it. */
    @Test
    void sortByNameListsSecretsByName() throws Exception {
        JsonNode page = call("ListSecrets", "{\"SortBy\": \"name\", \"MaxResults\": 3}");
        assertThat(page.path("SecretList").findValuesAsText("Name")).containsExactly("Dev/cache", "dev/db",
                "prod/api");
        JsonNode rest = call("ListSecrets", "{\"SortBy\": \"name\", \"NextToken\": \""
                + page.path("NextToken").asText() + "\"}");
        assertThat(rest.path("SecretList").findValuesAsText("Name")).containsExactly("prod/db", "test/db");
        assertThat(call("ListSecrets", "{\"SortBy\": \"name\", \"SortOrder\": \"desc\", \"MaxResults\": 1}")
                .path("SecretList").findValuesAsText("Name")).containsExactly("test/db");
    }

    @Test
    void sortByLastChangedDateListsTheLatestChangedLastOrFirst() throws Exception {
        secrets.updateSecret(r -> r.secretId("prod/db").description("The prod/db credentials"));
        fixture.advance(Duration.ofSeconds(1));
        JsonNode asc = call("ListSecrets", "{\"SortBy\": \"last-changed-date\", \"MaxResults\": 2}");
        assertThat(asc.path("SecretList").findValuesAsText("Name")).containsExactly("prod/api", "dev/db");
        JsonNode desc = call("ListSecrets", "{\"SortBy\": \"last-changed-date\", \"SortOrder\": \"desc\", "
                + "\"MaxResults\": 2}");
        assertThat(desc.path("SecretList").findValuesAsText("Name")).containsExactly("prod/db", "test/db");
        JsonNode next = call("ListSecrets", "{\"SortBy\": \"last-changed-date\", \"SortOrder\": \"desc\", "
                + "\"NextToken\": \"" + desc.path("NextToken").asText() + "\"}");
        assertThat(next.path("SecretList").findValuesAsText("Name")).containsExactly("Dev/cache", "dev/db",
                "prod/api");
    }

    private static JsonNode call(String operation, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(fixture.endpoint())
                    .header("X-Amz-Target", "secretsmanager." + operation)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
