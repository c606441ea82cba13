package dev.stepwise.transfer.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The listing file StartDirectoryListing writes, as AWS documents it. */
class DirectoryListingsTest {
    private static final Instant T = Instant.parse("2024-01-30T20:34:54.789Z");

    @Test
    void filesAndSubdirectoriesOfOneLevelWithTheirTimesToTheSecond() throws IOException {
        DirectoryListings.Listing listing = new DirectoryListings.Listing("/home", 1000);
        listing.add(new DirectoryListings.Entry(".", true, T, 0L));
        listing.add(new DirectoryListings.Entry("..", true, T, 0L));
        listing.add(new DirectoryListings.Entry("what.txt", false, T, 2323L));
        listing.add(new DirectoryListings.Entry("magic", true, T, 4096L));
        listing.add(new DirectoryListings.Entry("how.pgp", false, null, null));
        JsonNode expected = Json.parse(("{'files': [{'filePath': '/home/what.txt', 'modifiedTimestamp': "
                + "'2024-01-30T20:34:54Z', 'size': 2323}, {'filePath': '/home/how.pgp'}], "
                + "'paths': [{'path': '/home/magic'}], 'truncated': false}").replace('\'', '"'));
        assertThat(listing.json().toString()).isEqualTo(expected.toString());
    }

    @Test
    void moreEntriesThanMaxItemsTruncateTheListing() {
        DirectoryListings.Listing listing = new DirectoryListings.Listing("/in/", 2);
        assertThat(listing.add(new DirectoryListings.Entry("a", false, T, 1L))).isTrue();
        assertThat(listing.add(new DirectoryListings.Entry(".", true, T, 1L))).isTrue();
        assertThat(listing.add(new DirectoryListings.Entry("b", true, T, 1L))).isTrue();
        assertThat(listing.add(new DirectoryListings.Entry("c", false, T, 1L))).isFalse();
        JsonNode json = listing.json();
        assertThat(json.path("files").path(0).path("filePath").asText()).isEqualTo("/in/a");
        assertThat(json.path("paths").path(0).path("path").asText()).isEqualTo("/in/b");
        assertThat(json.path("files")).hasSize(1);
        assertThat(json.path("truncated").asBoolean()).isTrue();
        // exactly MaxItems entries is not truncated
        DirectoryListings.Listing full = new DirectoryListings.Listing("/in", 1);
        full.add(new DirectoryListings.Entry("a", false, T, 1L));
        assertThat(full.json().path("truncated").asBoolean()).isFalse();
        assertThat(new DirectoryListings.Listing("/empty", 5).json().toString())
                .isEqualTo("{\"files\":[],\"paths\":[],\"truncated\":false}");
    }
}
