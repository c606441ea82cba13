package dev.stepwise.transfer.connector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.sshd.sftp.client.SftpClient;

/**
 * The file StartDirectoryListing writes, as AWS documents it: one level of the remote directory
 * (its own "." and ".." left out), files with their complete paths, their modification times (UTC,
 * to the second, "2024-01-30T20:34:54Z") and sizes, each left out when the server does not say;
 * sub-directories with their paths; and whether there were more than MaxItems entries
 * ({@code truncated}). Entries are in the order the server listed them; the first MaxItems count.
 * <pre>
 * {"files": [{"filePath": "/home/what.txt", "modifiedTimestamp": "2024-01-30T20:34:54Z", "size": 2323}],
 *  "paths": [{"path": "/home/magic"}],
 *  "truncated": false}
 * </pre>
 */
public final class DirectoryListings {
    private DirectoryListings() {}

    /** One entry of a directory as the server listed it. */
    public record Entry(String name, boolean directory, Instant modified, Long size) {

        static Entry of(SftpClient.DirEntry e) {
            SftpClient.Attributes a = e.getAttributes();
            Instant modified = a.getModifyTime() == null ? null : a.getModifyTime().toInstant();
            boolean hasSize = (a.getFlags().contains(SftpClient.Attribute.Size));
            return new Entry(e.getFilename(), a.isDirectory(), modified, hasSize ? a.getSize() : null);
        }
    }

    /** Lists {@code directory} over {@code sftp}. */
    public static ObjectNode list(SftpClient sftp, String directory, int maxItems) throws IOException {
        Listing listing = new Listing(directory, maxItems);
        for (SftpClient.DirEntry e : sftp.readDir(directory)) {
            if (!listing.add(Entry.of(e))) {
                break;
            }
        }
        return listing.json();
    }

    /** A listing being made: entries are added in order until one more than MaxItems was offered. */
    public static final class Listing {
        private final String directory;
        private final int maxItems;
        private final ObjectNode json = Json.object();
        private final ArrayNode files = json.putArray("files");
        private final ArrayNode paths = json.putArray("paths");
        private int items;
        private boolean truncated;

        public Listing(String directory, int maxItems) {
            this.directory = directory;
            this.maxItems = maxItems;
        }

        /** Adds an entry; false once the listing is full (it is then truncated), and nothing more is taken. */
        public boolean add(Entry e) {
            if (e.name().equals(".") || e.name().equals("..")) {
                return true;
            }
            if (items == maxItems) {
                truncated = true;
                return false;
            }
            items++;
            String path = LocalPaths.remoteChild(directory, e.name());
            if (e.directory()) {
                paths.addObject().put("path", path);
            } else {
                ObjectNode f = files.addObject().put("filePath", path);
                if (e.modified() != null) {
                    f.put("modifiedTimestamp", e.modified().truncatedTo(ChronoUnit.SECONDS).toString());
                }
                if (e.size() != null) {
                    f.put("size", e.size());
                }
            }
            return true;
        }

        public ObjectNode json() {
            ObjectNode o = json.deepCopy();
            o.put("truncated", truncated);
            return o;
        }
    }
}
