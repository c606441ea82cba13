package dev.stepwise.transfer.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The embedded S3-like object store: under its root a bucket is a folder and an object's current
 * content is the file its key names ("reports/q1.csv" is {@code root/bucket/reports/q1.csv}), so
 * SFTP homes, EFS-style tools and people can read the objects where they are.
 *
 * <p>What S3 shows of an object besides its content (ETag, version id, tags, last-modified) lives in
 * sidecar files under the hidden folder {@code root/.stepwise/}, which no bucket can shadow (bucket
 * names start with a letter or digit): {@code meta/BUCKET/HH/SHA256(key).json} for the current
 * version, {@code versions/BUCKET/SHA256(key)/VERSION.data|.json} for older versions and delete
 * markers, {@code buckets/BUCKET.json} for the bucket's versioning, {@code tmp/} for writes under
 * way. Sidecars rather than the store's catalog because they sit on the same file system as the
 * content: a write is a rename there, the two cannot be split across two transactional systems, a
 * bucket folder copied elsewhere carries its metadata along, and the store needs no database.
 * Hashed names keep keys of any depth or length from clashing with each other or with folders.
 *
 * <p>Contract of a write: the content goes to a file in {@code tmp/}, is flushed to disk, and is
 * then renamed over the key (atomic on one file system), so a crash never leaves a half-written
 * object under its key, and readers that opened the old content keep reading it. The sidecar is
 * written after the rename, by the same temporary-file-and-rename. Each sidecar records the size and
 * modification time of the content it describes; a content file whose sidecar disagrees (a crash
 * between the two renames, or a file put into the folder by hand) is taken as it is: its ETag is
 * computed again and it gets no version id, or "null" where the bucket keeps versions, as S3 names
 * objects written while versioning was off. Older versions are hard links to the content they had
 * (copies where the file system has no links), made before the new content replaces it.
 *
 * <p>Writers of one key are serialized by a lock per key (striped); the store assumes it is the
 * only process writing under its root. Keys map onto paths, so a key cannot be stored when a
 * segment of it is "", "." or "..", or when it and another key would be both a file and a folder
 * ("a" and "a/b"): those writes are refused as BAD_REQUEST.
 */
public final class ObjectStore implements ObjectStorage {
    /** The MD5 of nothing: the ETag of folder markers and empty objects. */
    public static final String EMPTY_ETAG = "d41d8cd98f00b204e9800998ecf8427e";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final String VERSION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration STALE_TEMPORARY = Duration.ofDays(1);
    private static final Comparator<String> UTF8_ORDER = ObjectStore::compareUtf8;

    private final Path root;
    private final Path tmp;
    private final Path meta;
    private final Path versions;
    private final Path buckets;
    private final Clock clock;
    private final RandomGenerator random;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final Map<String, Versioning> versioningCache = new ConcurrentHashMap<>();

    public ObjectStore(Path root) throws IOException {
        this(root, Clock.systemUTC(), new SecureRandom());
    }

    public ObjectStore(Path root, Clock clock, RandomGenerator random) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Path internal = this.root.resolve(".stepwise");
        this.tmp = internal.resolve("tmp");
        this.meta = internal.resolve("meta");
        this.versions = internal.resolve("versions");
        this.buckets = internal.resolve("buckets");
        this.clock = clock;
        this.random = random;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        Files.createDirectories(tmp);
        removeStaleTemporaries();
    }

    /** The folder that holds the buckets. */
    public Path root() {
        return root;
    }

    /** A bucket's folder; BAD_REQUEST when the name is not a valid bucket name. */
    public Path bucketFolder(String bucket) throws StorageException {
        checkBucket(bucket);
        return root.resolve(bucket);
    }

    /** Where the current content of a key is (a folder for keys ending in "/"). */
    public Path contentPath(String bucket, String key) throws StorageException {
        checkKey(key);
        String path = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return bucketFolder(bucket).resolve(path);
    }

    /** Whether the name can be a bucket (S3's rules for new buckets). */
    public static boolean isBucketName(String name) {
        return name != null && BUCKET.matcher(name).matches() && !name.contains("..")
                && !IP_ADDRESS.matcher(name).matches();
    }

    // ---------------------------------------------------------------- writes

    /**
     * A file to write an object's content into before it is committed under its key; the writer owns
     * it until {@link #commit} or {@link #discard}.
     */
    public Staged stage() throws IOException {
        return new Staged(Files.createTempFile(tmp, "write-", ".part"));
    }

    /** Content being written, not yet visible under any key. */
    public static final class Staged {
        private final Path file;

        private Staged(Path file) {
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /** Makes the staged content the current version of the key; the staged file is consumed. */
    public ObjectInfo commit(Staged staged, String bucket, String key, Map<String, String> tags) throws IOException {
        checkKey(key);
        checkBucket(bucket);
        if (key.endsWith("/")) {
            discard(staged);
            throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "A key ending in / names a folder and cannot hold content: " + key);
        }
        ObjectTags.check(tags);
        String etag = md5(staged.file);
        return commit(staged.file, etag, bucket, key, tags);
    }

    /** Deletes a staged file that will not be committed. */
    public void discard(Staged staged) {
        try {
            Files.deleteIfExists(staged.file);
        } catch (IOException e) {
            // a stale temporary is removed at the next start
        }
    }

    @Override
    public ObjectInfo put(String bucket, String key, InputStream content, Map<String, String> tags) throws IOException {
        checkBucket(bucket);
        checkKey(key);
        ObjectTags.check(tags);
        Staged staged = stage();
        try {
            MessageDigest md5 = md5Digest();
            try (FileChannel out = FileChannel.open(staged.file, StandardOpenOption.WRITE);
                 InputStream in = new DigestInputStream(content, md5)) {
                in.transferTo(Channels.newOutputStream(out));
                out.force(true);
            }
            return commit(staged.file, HexFormat.of().formatHex(md5.digest()), bucket, key, tags);
        } catch (IOException | RuntimeException e) {
            discard(staged);
            throw e;
        }
    }

    private ObjectInfo commit(Path staged, String etag, String bucket, String key, Map<String, String> tags)
            throws IOException {
        Path target = contentPath(bucket, key);
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            prepareParents(bucket, key, target);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException(StorageException.Type.BAD_REQUEST,
                        "The key " + key + " is a folder of other objects in this store and cannot hold content");
            }
            Versioning versioning = versioning(bucket);
            Optional<Meta> current = current(bucket, key);
            String versionId = newVersionId(versioning);
            if (current.isPresent() && keepsAsOlderVersion(versioning, current.get())) {
                archive(bucket, current.get(), target);
            }
            long now = clock.millis();
            Files.setLastModifiedTime(staged, FileTime.fromMillis(now));
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Meta written = new Meta(key, versionId, etag, Files.size(target), now, Map.copyOf(tags), false);
            writeJson(metaPath(bucket, key), written);
            return written.info(bucket);
        } finally {
            lock.unlock();
        }
    }

    /** Creates the folder marker "key/" (an empty object, as S3 consoles and Transfer's mkdir make them). */
    public ObjectInfo createFolder(String bucket, String key) throws IOException {
        if (!key.endsWith("/")) {
            throw new StorageException(StorageException.Type.BAD_REQUEST, "A folder's key ends in /: " + key);
        }
        Path folder = contentPath(bucket, key);
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            prepareParents(bucket, key, folder);
            try {
                Files.createDirectories(folder);
            } catch (FileAlreadyExistsException e) {
                throw new StorageException(StorageException.Type.BAD_REQUEST,
                        "The key " + key.substring(0, key.length() - 1) + " is an object; it cannot be a folder too");
            }
            Optional<Meta> existing = readMeta(bucket, key);
            if (existing.isPresent()) {
                return existing.get().info(bucket);
            }
            Meta marker = new Meta(key, newVersionId(versioning(bucket)), EMPTY_ETAG, 0, clock.millis(), Map.of(), false);
            writeJson(metaPath(bucket, key), marker);
            return marker.info(bucket);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ObjectInfo copy(String sourceBucket, String sourceKey, String sourceVersionId, String ifMatch,
                           String bucket, String key, boolean overwrite) throws IOException {
        checkBucket(bucket);
        checkKey(key);
        if (sourceKey.endsWith("/")) {
            throw new StorageException(StorageException.Type.BAD_REQUEST, "A folder cannot be copied: " + sourceKey);
        }
        // stage the source first, holding only its lock, so two copies in opposite directions cannot deadlock
        Staged staged = stage();
        ObjectInfo source;
        try {
            ReentrantLock sourceLock = lock(sourceBucket, sourceKey);
            sourceLock.lock();
            try {
                source = head(sourceBucket, sourceKey, sourceVersionId)
                        .orElseThrow(() -> StorageException.noSuchKey(sourceBucket, sourceKey));
                if (ifMatch != null && !ifMatch.equals(source.etag())) {
                    throw StorageException.etagMismatch();
                }
                Files.copy(contentOf(source), staged.file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                sourceLock.unlock();
            }
            ReentrantLock lock = lock(bucket, key);
            lock.lock();
            try {
                if (!overwrite && current(bucket, key).isPresent()) {
                    throw new StorageException(StorageException.Type.ALREADY_EXISTS,
                            "An object already exists at " + bucket + "/" + key + " and overwriting it was not asked for");
                }
                return commit(staged.file, source.etag(), bucket, key, source.tags());
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            discard(staged);
            throw e;
        }
    }

    @Override
    public Optional<String> delete(String bucket, String key) throws IOException {
        Path target = contentPath(bucket, key);
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            Optional<Meta> current = current(bucket, key);
            Versioning versioning = versioning(bucket);
            Optional<String> marker = Optional.empty();
            if (versioning != Versioning.UNVERSIONED && !key.endsWith("/")) {
                if (current.isPresent() && keepsAsOlderVersion(versioning, current.get())) {
                    archive(bucket, current.get(), target);
                }
                String markerId = newVersionId(versioning);
                writeJson(versionsDir(bucket, key).resolve(markerId + ".json"),
                        new Meta(key, markerId, null, 0, clock.millis(), Map.of(), true));
                marker = Optional.of(markerId);
            }
            if (key.endsWith("/")) {
                try {
                    Files.deleteIfExists(target);
                } catch (DirectoryNotEmptyException e) {
                    // the marker goes; the folder stays while objects are in it, as their prefix does in S3
                }
            } else if (current.isPresent()) {
                Files.deleteIfExists(target);
            }
            Files.deleteIfExists(metaPath(bucket, key));
            return marker;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ObjectInfo putTags(String bucket, String key, String versionId, Map<String, String> tags) throws IOException {
        ObjectTags.check(tags);
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            Optional<Meta> current = current(bucket, key);
            if (current.isPresent() && isVersion(current.get(), versionId)) {
                Meta tagged = current.get().withTags(tags);
                writeJson(metaPath(bucket, key), tagged);
                return tagged.info(bucket);
            }
            if (versionId == null) {
                throw StorageException.noSuchKey(bucket, key);
            }
            Path archived = versionsDir(bucket, key).resolve(versionId + ".json");
            Meta older = readJson(archived).filter(m -> !m.deleteMarker())
                    .orElseThrow(() -> StorageException.noSuchKey(bucket, key));
            Meta tagged = older.withTags(tags);
            writeJson(archived, tagged);
            return tagged.info(bucket);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setVersioning(String bucket, Versioning versioning) throws IOException {
        checkBucket(bucket);
        if (versioning == Versioning.UNVERSIONED) {
            throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "Versioning can be enabled or suspended, not turned off");
        }
        writeJson(buckets.resolve(bucket + ".json"), new BucketSettings(versioning));
        versioningCache.put(bucket, versioning);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Versioning versioning(String bucket) throws IOException {
        Versioning cached = versioningCache.get(bucket);
        if (cached != null) {
            return cached;
        }
        Path settings = buckets.resolve(bucket + ".json");
        Versioning read = Files.exists(settings)
                ? json.readValue(settings.toFile(), BucketSettings.class).versioning()
                : Versioning.UNVERSIONED;
        versioningCache.put(bucket, read);
        return read;
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key, String versionId) throws IOException {
        checkBucket(bucket);
        checkKey(key);
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            Optional<Meta> current = current(bucket, key);
            if (current.isPresent() && isVersion(current.get(), versionId)) {
                return Optional.of(current.get().info(bucket));
            }
            if (versionId == null) {
                return Optional.empty();
            }
            return readJson(versionsDir(bucket, key).resolve(versionId + ".json"))
                    .filter(m -> !m.deleteMarker()).map(m -> m.info(bucket));
        } finally {
            lock.unlock();
        }
    }

    /** The current version of a key; empty when there is none. */
    public Optional<ObjectInfo> head(String bucket, String key) throws IOException {
        return head(bucket, key, null);
    }

    @Override
    public InputStream open(String bucket, String key, String versionId, String ifMatch) throws IOException {
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            // opened under the lock: once open, the content stays what head saw even if a write replaces it
            ObjectInfo info = head(bucket, key, versionId).orElseThrow(() -> StorageException.noSuchKey(bucket, key));
            if (ifMatch != null && !ifMatch.equals(info.etag())) {
                throw StorageException.etagMismatch();
            }
            if (key.endsWith("/")) {
                return InputStream.nullInputStream();
            }
            return Files.newInputStream(contentOf(info));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ObjectPage list(String bucket, String prefix, String startAfter, int maxKeys) throws IOException {
        Path folder = bucketFolder(bucket);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw StorageException.noSuchBucket(bucket);
        }
        String from = prefix == null ? "" : prefix;
        int lastSlash = from.lastIndexOf('/');
        Path start = folder;
        if (lastSlash > 0) {
            try {
                start = contentPath(bucket, from.substring(0, lastSlash + 1));
            } catch (StorageException e) {
                return new ObjectPage(List.of(), false, null); // no stored key can have that prefix
            }
        }
        List<String> keys = keysUnder(folder, start);
        List<ObjectInfo> page = new ArrayList<>();
        keys.sort(UTF8_ORDER);
        boolean truncated = false;
        for (String key : keys) {
            if (!key.startsWith(from) || (startAfter != null && compareUtf8(key, startAfter) <= 0)) {
                continue;
            }
            Optional<ObjectInfo> info = head(bucket, key, null);
            if (info.isEmpty()) {
                continue;
            }
            if (page.size() == maxKeys) {
                truncated = true;
                break;
            }
            page.add(info.get());
        }
        return new ObjectPage(page, truncated, truncated ? page.getLast().key() : null);
    }

    @Override
    public List<ObjectInfo> versions(String bucket, String key) throws IOException {
        List<ObjectInfo> all = new ArrayList<>();
        head(bucket, key, null).ifPresent(all::add);
        Path dir = versionsDir(bucket, key);
        List<Meta> older = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    readJson(file).filter(m -> !m.deleteMarker()).ifPresent(older::add);
                }
            }
        }
        older.sort(Comparator.comparingLong(Meta::lastModified).reversed());
        String currentId = all.isEmpty() ? null : all.getFirst().versionId();
        for (Meta m : older) {
            if (!m.versionId().equals(currentId)) {
                all.add(m.info(bucket));
            }
        }
        return all;
    }

    // ---------------------------------------------------------------- internals

    /** The key's current version, taking a content file whose sidecar disagrees as it is (see the class comment). */
    private Optional<Meta> current(String bucket, String key) throws IOException {
        Path content = contentPath(bucket, key);
        Optional<Meta> recorded = readMeta(bucket, key);
        if (key.endsWith("/")) {
            return Files.isDirectory(content, LinkOption.NOFOLLOW_LINKS) ? recorded : Optional.empty();
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(content, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            return Optional.empty(); // a parent is a file: no such key
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        long modified = attributes.lastModifiedTime().toMillis();
        if (recorded.isPresent() && recorded.get().size() == attributes.size()
                && recorded.get().lastModified() == modified) {
            return recorded;
        }
        Versioning versioning = versioning(bucket);
        Meta adopted = new Meta(key, versioning == Versioning.UNVERSIONED ? null : "null", md5(content),
                attributes.size(), modified, Map.of(), false);
        writeJson(metaPath(bucket, key), adopted);
        return Optional.of(adopted);
    }

    private Optional<Meta> readMeta(String bucket, String key) throws IOException {
        return readJson(metaPath(bucket, key));
    }

    private static boolean isVersion(Meta meta, String versionId) {
        return versionId == null || versionId.equals(meta.versionId())
                || (meta.versionId() == null && versionId.equals("null"));
    }

    /** Whether a write over {@code current} keeps it as an older version (not when it is the "null" version being replaced). */
    private static boolean keepsAsOlderVersion(Versioning versioning, Meta current) {
        return switch (versioning) {
            case UNVERSIONED -> false;
            case ENABLED -> true;
            case SUSPENDED -> current.versionId() != null && !current.versionId().equals("null");
        };
    }

    private void archive(String bucket, Meta current, Path content) throws IOException {
        if (current.key().endsWith("/")) {
            return;
        }
        String versionId = current.versionId() == null ? "null" : current.versionId();
        Path dir = versionsDir(bucket, current.key());
        Files.createDirectories(dir);
        Path data = dir.resolve(versionId + ".data");
        Files.deleteIfExists(data);
        try {
            Files.createLink(data, content);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(content, data, StandardCopyOption.REPLACE_EXISTING);
        }
        writeJson(dir.resolve(versionId + ".json"), current.withVersionId(versionId));
    }

    /** The file holding a version's content. */
    private Path contentOf(ObjectInfo info) throws IOException {
        Optional<Meta> current = readMeta(info.bucket(), info.key());
        if (current.isPresent() && Objects.equals(current.get().versionId(), info.versionId())) {
            return contentPath(info.bucket(), info.key());
        }
        return versionsDir(info.bucket(), info.key()).resolve(info.versionId() + ".data");
    }

    private String newVersionId(Versioning versioning) {
        return switch (versioning) {
            case UNVERSIONED -> null;
            case SUSPENDED -> "null";
            case ENABLED -> {
                StringBuilder id = new StringBuilder(32);
                for (int i = 0; i < 32; i++) {
                    id.append(VERSION_ALPHABET.charAt(random.nextInt(VERSION_ALPHABET.length())));
                }
                yield id.toString();
            }
        };
    }

    private void prepareParents(String bucket, String key, Path target) throws IOException {
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new StorageException(StorageException.Type.BAD_REQUEST, "The key " + key
                    + " lies under an object of this store (a key cannot be an object and a folder at once)");
        }
    }

    private List<String> keysUnder(Path bucketFolder, Path start) throws IOException {
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return keys;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(bucketFolder)) {
                    keys.add(keyOf(bucketFolder, dir) + "/");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    keys.add(keyOf(bucketFolder, file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return keys;
    }

    private static String keyOf(Path bucketFolder, Path file) {
        return bucketFolder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private Path metaPath(String bucket, String key) {
        String hash = sha256(key);
        return meta.resolve(bucket).resolve(hash.substring(0, 2)).resolve(hash + ".json");
    }

    private Path versionsDir(String bucket, String key) {
        return versions.resolve(bucket).resolve(sha256(key));
    }

    private ReentrantLock lock(String bucket, String key) {
        return locks[Math.floorMod((bucket + "/" + key).hashCode(), locks.length)];
    }

    private <T> void writeJson(Path file, T value) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(tmp, "meta-", ".json");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(json.writeValueAsBytes(value));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private Optional<Meta> readJson(Path file) throws IOException {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(file), Meta.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void removeStaleTemporaries() throws IOException {
        Instant cutoff = clock.instant().minus(STALE_TEMPORARY);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void checkBucket(String bucket) throws StorageException {
        if (!isBucketName(bucket)) {
            throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "The specified bucket is not valid. (Bucket: " + bucket + ")");
        }
    }

    private static void checkKey(String key) throws StorageException {
        if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new StorageException(StorageException.Type.BAD_REQUEST, "Key must be 1 to 1024 bytes long");
        }
        String path = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw new StorageException(StorageException.Type.BAD_REQUEST, "The key " + key
                        + " cannot be stored here: its path segments must not be empty, \".\" or \"..\"");
            }
        }
    }

    static String md5(Path file) throws IOException {
        MessageDigest md5 = md5Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** S3 orders keys by their UTF-8 bytes. */
    static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** A version's sidecar. */
    record Meta(String key, String versionId, String etag, long size, long lastModified, Map<String, String> tags,
                boolean deleteMarker) {

        Meta {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        Meta withTags(Map<String, String> newTags) {
            return new Meta(key, versionId, etag, size, lastModified, newTags, deleteMarker);
        }

        Meta withVersionId(String id) {
            return new Meta(key, id, etag, size, lastModified, tags, deleteMarker);
        }

        ObjectInfo info(String bucket) {
            return new ObjectInfo(bucket, key, versionId, etag, size, Instant.ofEpochMilli(lastModified), tags);
        }
    }

    record BucketSettings(Versioning versioning) {}
}
