package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.sftp.SftpUser.HomeMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees over SFTP: LOGICAL homes (entries only, virtual folders above them, FILE entries,
 * the chroot entry "/"), PATH homes, EFS homes, and that "..", absolute paths and symbolic links
 * never reach anything else.
 */
class SftpHomesTest {
    @TempDir
    Path data;
    private SftpFixture fixture;
    private Path objects;

    @BeforeEach
    void start() throws IOException {
        fixture = new SftpFixture(TransferConfig.defaults(data));
        objects = data.resolve("objects");
        put("bucket1/pics/cat.jpg", "cat");
        put("bucket1/anotherpath/docs/guide.txt", "guide");
        put("bucket1/secret.txt", "not alice's");
        put("reportingbucket/financials/q1.csv", "q1");
        put("reportingbucket/data/2024.csv", "the 2024 figures");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void put(String path, String content) throws IOException {
        Path file = objects.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> names(SftpClient sftp, String dir) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try {
            for (SftpClient.DirEntry entry : sftp.readDir(dir)) {
                if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                    names.add(entry.getFilename());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return names;
    }

    private static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final List<HomeMapping> VIRTUAL = List.of(
            new HomeMapping("/pics", "/bucket1/pics", "DIRECTORY"),
            new HomeMapping("/doc", "/bucket1/anotherpath/docs", "DIRECTORY"),
            new HomeMapping("/anotherpath/subpath/financials", "/reportingbucket/financials", "DIRECTORY"),
            new HomeMapping("/report.csv", "/reportingbucket/data/2024.csv", "FILE"));

    @Test
    void aLogicalHomeShowsOnlyItsEntriesUnderVirtualFolders() throws IOException {
        int port = fixture.open("S3", SftpFixture.logicalUser(VIRTUAL));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThat(sftp.canonicalPath(".")).isEqualTo("/");
            assertThat(names(sftp, "/")).containsExactlyInAnyOrder("anotherpath", "doc", "pics", "report.csv");
            assertThat(names(sftp, "/anotherpath")).containsExactly("subpath");
            assertThat(names(sftp, "/anotherpath/subpath/financials")).containsExactly("q1.csv");
            assertThat(names(sftp, "/doc")).containsExactly("guide.txt");
            assertThat(read(sftp, "/pics/cat.jpg")).isEqualTo("cat");
            assertThat(sftp.stat("/anotherpath").isDirectory()).isTrue();
        }
    }

    @Test
    void aFileCannotBeWrittenOrAFolderMadeInAVirtualFolder() throws IOException {
        int port = fixture.open("S3", SftpFixture.logicalUser(VIRTUAL));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            // as the user guide shows: put file at the virtual root -> "No such file or directory"
            assertThatThrownBy(() -> write(sftp, "/file", "x")).isInstanceOf(SftpException.class)
                    .hasMessageContaining("No such file");
            assertThatThrownBy(() -> write(sftp, "/anotherpath/file", "x")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> sftp.mkdir("/newdir")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> sftp.rmdir("/pics")).isInstanceOf(SftpException.class);
        }
        assertThat(objects.resolve("file")).doesNotExist();
    }

    @Test
    void anUploadIntoAnEntryLandsInItsTarget() throws Exception {
        int port = fixture.open("S3", SftpFixture.logicalUser(VIRTUAL));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            write(sftp, "/anotherpath/subpath/financials/q2.csv", "q2");
        }
        assertThat(fixture.uploads.nextCompleted().location()).isEqualTo(new FileLocation.S3("reportingbucket",
                "financials/q2.csv", null, ObjectStoreTest.md5("q2")));
        assertThat(Files.readString(objects.resolve("reportingbucket/financials/q2.csv"))).isEqualTo("q2");
    }

    @Test
    void aFileEntryIsThatOneFile() throws Exception {
        int port = fixture.open("S3", SftpFixture.logicalUser(VIRTUAL));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThat(read(sftp, "/report.csv")).isEqualTo("the 2024 figures");
            assertThat(sftp.stat("/report.csv").isRegularFile()).isTrue();
            assertThatThrownBy(() -> read(sftp, "/report.csv/../report.csv/x")).isInstanceOf(SftpException.class);
            write(sftp, "/report.csv", "revised");
        }
        assertThat(fixture.uploads.nextCompleted().location()).extracting(l -> ((FileLocation.S3) l).key())
                .isEqualTo("data/2024.csv");
        assertThat(Files.readString(objects.resolve("reportingbucket/data/2024.csv"))).isEqualTo("revised");
    }

    @Test
    void theEntrySlashIsAChrootIntoItsTargetWithTheUserNameFilledIn() throws Exception {
        put("bucket1/alice/mine.txt", "mine");
        int port = fixture.open("S3", SftpFixture.logicalUser(
                List.of(new HomeMapping("/", "/bucket1/${transfer:UserName}", "DIRECTORY"))));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThat(names(sftp, "/")).containsExactly("mine.txt");
            assertThat(sftp.canonicalPath("/..")).isEqualTo("/");
            assertThat(names(sftp, "/..")).containsExactly("mine.txt");
            write(sftp, "/new.txt", "new");
        }
        assertThat(fixture.uploads.nextCompleted().location()).extracting(l -> ((FileLocation.S3) l).key())
                .isEqualTo("alice/new.txt");
    }

    @Test
    void dotDotAndAbsolutePathsNeverLeaveTheEntries() throws IOException {
        int port = fixture.open("S3", SftpFixture.logicalUser(VIRTUAL));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            for (String path : List.of("/pics/../../secret.txt", "/pics/../secret.txt", "../secret.txt",
                    "/bucket1/secret.txt", "/doc/../../bucket1/secret.txt", "pics/../../../../secret.txt")) {
                assertThatThrownBy(() -> read(sftp, path)).as(path).isInstanceOf(SftpException.class);
            }
            assertThat(sftp.canonicalPath("/pics/../..")).isEqualTo("/");
            assertThatThrownBy(() -> write(sftp, "/pics/../../planted.txt", "x")).isInstanceOf(SftpException.class);
        }
        assertThat(objects.resolve("bucket1/planted.txt")).doesNotExist();
        assertThat(objects.resolve("planted.txt")).doesNotExist();
    }

    @Test
    void aSymbolicLinkInATargetCannotReachOutsideIt() throws IOException {
        Files.createSymbolicLink(objects.resolve("bucket1/pics/escape"), objects.resolve("bucket1"));
        Files.createSymbolicLink(objects.resolve("bucket1/pics/secret-link"), objects.resolve("bucket1/secret.txt"));
        int port = fixture.open("S3", SftpFixture.logicalUser(VIRTUAL));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThatThrownBy(() -> read(sftp, "/pics/secret-link")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> read(sftp, "/pics/escape/secret.txt")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> names(sftp, "/pics/escape")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> write(sftp, "/pics/escape/planted.txt", "x")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> sftp.symLink("/pics/new-link", "/doc")).isInstanceOf(SftpException.class);
        }
        assertThat(objects.resolve("bucket1/planted.txt")).doesNotExist();
        assertThat(objects.resolve("bucket1/pics/new-link")).doesNotExist();
    }

    @Test
    void aPathHomeCannotBeLeftByDotDotOrSymbolicLinks() throws IOException {
        put("bucket1/home/alice/own.txt", "own");
        Files.createSymbolicLink(objects.resolve("bucket1/home/alice/up"), objects.resolve("bucket1"));
        int port = fixture.open("S3", SftpFixture.pathUser("/bucket1/home/alice"));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThat(read(sftp, "/own.txt")).isEqualTo("own");
            assertThat(read(sftp, "/../../../own.txt")).isEqualTo("own");
            assertThatThrownBy(() -> read(sftp, "/../../secret.txt")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> read(sftp, "/up/secret.txt")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> write(sftp, "/up/planted.txt", "x")).isInstanceOf(SftpException.class);
        }
        assertThat(objects.resolve("bucket1/planted.txt")).doesNotExist();
    }

    @Test
    void aHomeAtTheDomainsRootShowsTheBucketsButNotTheStoresOwnFolder() throws IOException {
        int port = fixture.open("S3", SftpFixture.pathUser(null));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThat(names(sftp, "/")).containsExactlyInAnyOrder("bucket1", "reportingbucket");
            assertThatThrownBy(() -> names(sftp, "/.stepwise")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> write(sftp, "/loose.txt", "x")).isInstanceOf(SftpException.class);
            assertThat(read(sftp, "/bucket1/secret.txt")).isEqualTo("not alice's");
        }
    }

    @Test
    void anEfsHomeIsConfinedToItsFileSystemFolder() throws IOException {
        Path efs = Files.createDirectories(data.resolve("efs-folder"));
        Files.writeString(data.resolve("outside.txt"), "outside");
        Files.createSymbolicLink(efs.resolve("out"), data);
        fixture.close();
        fixture = new SftpFixture(TransferConfig.defaults(data).withEfsFileSystems(SftpFixture.efs("fs-12345678", efs)));
        int port = fixture.open("EFS", SftpFixture.logicalUser(
                List.of(new HomeMapping("/home", "/fs-12345678/${transfer:UserName}", "DIRECTORY"),
                        new HomeMapping("/shared", "/fs-12345678", "DIRECTORY"))));
        Files.createDirectories(efs.resolve("alice"));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            assertThat(names(sftp, "/")).containsExactlyInAnyOrder("home", "shared");
            write(sftp, "/home/note.txt", "x");
            assertThat(names(sftp, "/shared")).containsExactlyInAnyOrder("alice", "out");
            assertThatThrownBy(() -> read(sftp, "/shared/out/outside.txt")).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> read(sftp, "/shared/../../outside.txt")).isInstanceOf(SftpException.class);
        }
        assertThat(Files.readString(efs.resolve("alice/note.txt"))).isEqualTo("x");
    }
}
