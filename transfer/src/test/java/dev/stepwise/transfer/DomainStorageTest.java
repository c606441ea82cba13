package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.storage.DomainStorage;
import dev.stepwise.transfer.storage.EfsFileSystems;
import dev.stepwise.transfer.storage.FileStorage;
import dev.stepwise.transfer.storage.ObjectInfo;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflow steps' view of both domains: the locations each operation produces and the errors it gives. */
class DomainStorageTest {
    @TempDir
    Path data;
    private ObjectStore store;
    private Path efsFolder;
    private FileStorage storage;

    @BeforeEach
    void open() throws IOException {
        store = new ObjectStore(data.resolve("objects"));
        efsFolder = Files.createDirectories(data.resolve("efs"));
        storage = new DomainStorage(store, new EfsFileSystems(Map.of("fs-12345678", efsFolder)));
    }

    private static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private String read(FileLocation location) throws IOException {
        try (InputStream in = storage.read(location)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StorageException.Type typeOf(Throwable e) {
        return ((StorageException) e).type();
    }

    @Test
    void aCopyIntoAFolderKeepsTheFileNameAndNamesTheObjectItMade() throws IOException {
        FileLocation.S3 uploaded = store.put("bucket-a", "in/report.csv", stream("a,b"), Map.of()).location();
        FileLocation copied = storage.copy(uploaded, new FileLocation.S3("bucket-b", "archive/", null, null), false);
        assertThat(copied).isEqualTo(new FileLocation.S3("bucket-b", "archive/report.csv", null, uploaded.etag()));
        assertThat(read(copied)).isEqualTo("a,b");
        FileLocation renamed = storage.copy(uploaded, new FileLocation.S3("bucket-b", "today", null, null), false);
        assertThat(renamed).extracting(l -> ((FileLocation.S3) l).key()).isEqualTo("today");
        assertThatThrownBy(() -> storage.copy(uploaded, new FileLocation.S3("bucket-b", "today", null, null), false))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.ALREADY_EXISTS));
    }

    @Test
    void aCopyAcrossDomainsWritesTheOtherDomain() throws IOException {
        FileLocation.S3 uploaded = store.put("bucket-a", "in/report.csv", stream("a,b"), Map.of()).location();
        FileLocation onEfs = storage.copy(uploaded, new FileLocation.Efs("fs-12345678", "/incoming/"), false);
        assertThat(onEfs).isEqualTo(new FileLocation.Efs("fs-12345678", "/incoming/report.csv"));
        assertThat(Files.readString(efsFolder.resolve("incoming/report.csv"))).isEqualTo("a,b");
        FileLocation back = storage.copy(onEfs, new FileLocation.S3("bucket-b", "from-efs.csv", null, null), false);
        assertThat(((FileLocation.S3) back).etag()).isEqualTo(uploaded.etag());
    }

    @Test
    void tagsGoOnTheObjectAndAnEfsFileCannotBeTagged() throws IOException {
        FileLocation.S3 uploaded = store.put("bucket-a", "k", stream("x"), Map.of()).location();
        FileLocation tagged = storage.tag(uploaded, Map.of("scan_outcome", "clean"));
        assertThat(tagged).isEqualTo(uploaded);
        assertThat(store.head("bucket-a", "k")).get().extracting(ObjectInfo::tags)
                .isEqualTo(Map.of("scan_outcome", "clean"));
        FileLocation efs = storage.write(new FileLocation.Efs("fs-12345678", "/f.txt"), stream("x"), false);
        assertThatThrownBy(() -> storage.tag(efs, Map.of("a", "b")))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.BAD_REQUEST))
                .hasMessageContaining("only for files stored in Amazon S3");
    }

    @Test
    void deletingRemovesTheFileAndAMissingFileIsNotFound() throws IOException {
        FileLocation.S3 uploaded = store.put("bucket-a", "k", stream("x"), Map.of()).location();
        storage.delete(uploaded);
        assertThat(store.head("bucket-a", "k")).isEmpty();
        assertThatThrownBy(() -> storage.delete(uploaded))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.NOT_FOUND));
        FileLocation efs = storage.write(new FileLocation.Efs("fs-12345678", "/f.txt"), stream("x"), false);
        storage.delete(efs);
        assertThat(efsFolder.resolve("f.txt")).doesNotExist();
        assertThatThrownBy(() -> storage.delete(efs))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.NOT_FOUND));
    }

    @Test
    void anEfsWriteRefusesToOverwriteUnlessAskedAndLeavesTheFileAsItWas() throws IOException {
        FileLocation.Efs target = new FileLocation.Efs("fs-12345678", "/out/f.txt");
        storage.write(target, stream("first"), false);
        assertThatThrownBy(() -> storage.write(target, stream("second"), false))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.ALREADY_EXISTS));
        assertThat(Files.readString(efsFolder.resolve("out/f.txt"))).isEqualTo("first");
        storage.write(target, stream("second"), true);
        assertThat(Files.readString(efsFolder.resolve("out/f.txt"))).isEqualTo("second");
        try (var left = Files.list(efsFolder.resolve("out"))) {
            assertThat(left.toList()).hasSize(1);
        }
    }

    @Test
    void anEfsPathNeverLeavesItsFileSystem() throws IOException {
        Files.writeString(data.resolve("secret.txt"), "not on EFS");
        assertThatThrownBy(() -> storage.read(new FileLocation.Efs("fs-12345678", "/../secret.txt")))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.PERMISSION_DENIED));
        Files.createSymbolicLink(efsFolder.resolve("link"), data);
        assertThatThrownBy(() -> storage.read(new FileLocation.Efs("fs-12345678", "/link/secret.txt")))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.PERMISSION_DENIED));
        assertThatThrownBy(() -> storage.write(new FileLocation.Efs("fs-12345678", "/link/planted.txt"), stream("x"), true))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.PERMISSION_DENIED));
        assertThat(data.resolve("planted.txt")).doesNotExist();
        assertThatThrownBy(() -> storage.read(new FileLocation.Efs("fs-00000000", "/f.txt")))
                .satisfies(e -> assertThat(typeOf(e)).isEqualTo(StorageException.Type.NOT_FOUND));
    }
}
