package dev.stepwise.transfer.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.transfer.sftp.FileLocation;
import org.junit.jupiter.api.Test;

/** A connector's Url and its local paths in the object store. */
class LocalPathsTest {

    @Test
    void aUrlIsSftpToAHostAndAPortTwentyTwoByDefault() {
        assertThat(SftpUrl.parse("sftp://partner.example.com")).hasValue(new SftpUrl("partner.example.com", 22));
        assertThat(SftpUrl.parse("sftp://partner.example.com:2222")).hasValue(new SftpUrl("partner.example.com", 2222));
        assertThat(SftpUrl.parse("SFTP://10.0.0.1/")).hasValue(new SftpUrl("10.0.0.1", 22));
        assertThat(SftpUrl.parse("sftp://[::1]:2022")).hasValue(new SftpUrl("::1", 2022));
        for (String bad : new String[] {"https://partner.example.com", "partner.example.com", "sftp://",
                "sftp://user@partner.example.com", "sftp://partner.example.com/home", "sftp://h:0", "sftp://h:70000",
                "sftp://h?x=1", "", "sftp://bad host"}) {
            assertThat(SftpUrl.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void aFileIsABucketAndAKeyWithOrWithoutTheLeadingSlash() {
        assertThat(LocalPaths.file("/bucket-1/a/b.txt")).hasValue(new FileLocation.S3("bucket-1", "a/b.txt", null, null));
        assertThat(LocalPaths.file("bucket-1/b.txt")).hasValue(new FileLocation.S3("bucket-1", "b.txt", null, null));
        assertThat(LocalPaths.file("/bucket-1")).isEmpty();
        assertThat(LocalPaths.file("/bucket-1/")).isEmpty();
        assertThat(LocalPaths.file("/bucket-1/folder/")).isEmpty();
        assertThat(LocalPaths.file("/Bad_Bucket/k")).isEmpty();
    }

    @Test
    void aFolderIsABucketAndAnOptionalPrefixFilesKeepTheirNamesIn() {
        assertThat(LocalPaths.folder("/bucket-1").orElseThrow().file("x.csv"))
                .isEqualTo(new FileLocation.S3("bucket-1", "x.csv", null, null));
        assertThat(LocalPaths.folder("bucket-1/in/").orElseThrow().file("x.csv"))
                .isEqualTo(new FileLocation.S3("bucket-1", "in/x.csv", null, null));
        assertThat(LocalPaths.folder("/bucket-1/in/deep").orElseThrow().file("x.csv").key()).isEqualTo("in/deep/x.csv");
        assertThat(LocalPaths.folder("/")).isEmpty();
        assertThat(LocalPaths.folder("/Bad_Bucket/in")).isEmpty();
    }

    @Test
    void aRemoteFileKeepsItsBaseName() {
        assertThat(LocalPaths.baseName("/remote/dir/a.csv")).isEqualTo("a.csv");
        assertThat(LocalPaths.baseName("a.csv")).isEqualTo("a.csv");
        assertThat(LocalPaths.remoteChild(null, "a.csv")).isEqualTo("a.csv");
        assertThat(LocalPaths.remoteChild("/in", "a.csv")).isEqualTo("/in/a.csv");
        assertThat(LocalPaths.remoteChild("/in/", "a.csv")).isEqualTo("/in/a.csv");
    }
}
