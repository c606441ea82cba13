package dev.stepwise.transfer.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * The S3 storage domain on an S3-compatible service (AWS S3, MinIO, ...) reached with the AWS SDK:
 * the operations of {@link ObjectStorage} are the S3 calls they are named after, with path-style
 * addressing (as S3-compatible services on a plain host name need) and static credentials.
 *
 * <p>What differs from the embedded {@link ObjectStore}, by the nature of S3's API: a put sends a
 * known length, so content of unknown length is staged in {@code scratch} first; a listing shows
 * what ListObjectsV2 shows (no version ids, no tags); a version id is null where the bucket never
 * had versioning, as HeadObject answers without one. Refusals come back as {@link StorageException}s
 * carrying S3's own message; a service that cannot be reached is an IOException of the medium.
 *
 * <p>Known limits: a put is one PutObject and a copy one CopyObject, so objects above 5 GB (S3's
 * limit for both) are refused by the service; multipart uploads and copies are not made. A put
 * costs three calls (PutObject, then HeadObject for its LastModified and, where no version id was
 * answered, GetBucketVersioning to tell "never versioned" from "suspended").
 */
public final class RemoteObjectStorage implements ObjectStorage, AutoCloseable {
    private final S3Client s3;
    private final URI endpoint;
    private final Region region;
    private final Path scratch;
    private final Clock clock;

    /** A client of the service at {@code endpoint} in {@code region}, signing with the key given. */
    public RemoteObjectStorage(URI endpoint, String region, String accessKey, String secretKey, Path scratch,
                               Clock clock) throws IOException {
        this(S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                // flexible checksums only where S3 requires them: not every S3-compatible service
                // understands the CRC trailers the SDK would otherwise add to each upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build(), endpoint, Region.of(region), scratch, clock);
    }

    RemoteObjectStorage(S3Client s3, URI endpoint, Region region, Path scratch, Clock clock) throws IOException {
        this.s3 = s3;
        this.endpoint = endpoint;
        this.region = region;
        this.scratch = scratch;
        this.clock = clock;
        Files.createDirectories(scratch);
    }

    @Override
    public ObjectInfo put(String bucket, String key, InputStream content, Map<String, String> tags) throws IOException {
        checkBucket(bucket);
        ObjectTags.check(tags);
        Path staged = Files.createTempFile(scratch, "put-", ".part");
        try {
            Files.copy(content, staged, StandardCopyOption.REPLACE_EXISTING);
            long size = Files.size(staged);
            PutObjectResponse written = creatingBucket(bucket, () -> s3.putObject(b -> b.bucket(bucket).key(key)
                    .contentLength(size).tagging(tags.isEmpty() ? null : tagging(tags)), RequestBody.fromFile(staged)), key);
            String etag = unquote(written.eTag());
            return new ObjectInfo(bucket, key, versionWritten(bucket, written.versionId()), etag, size,
                    writtenAt(bucket, key, written.versionId(), etag), tags);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key, String versionId) throws IOException {
        checkBucket(bucket);
        HeadObjectResponse head;
        try {
            head = call(() -> s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId)), bucket, key);
        } catch (StorageException e) {
            if (e.type() == StorageException.Type.NOT_FOUND || versionId != null
                    && e.type() == StorageException.Type.BAD_REQUEST) {
                // no such key, bucket or version (S3 answers 400 to a version id it cannot parse, 405 to a
                // delete marker's)
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> tags = head.tagCount() == null || head.tagCount() == 0 ? Map.of()
                : tags(bucket, key, head.versionId());
        return Optional.of(new ObjectInfo(bucket, key, head.versionId(), unquote(head.eTag()), head.contentLength(),
                head.lastModified(), tags));
    }

    @Override
    public InputStream open(String bucket, String key, String versionId, String ifMatch) throws IOException {
        checkBucket(bucket);
        return call(() -> s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId)
                .ifMatch(ifMatch == null ? null : quote(ifMatch))), bucket, key);
    }

    /**
     * CopyObject after a HeadObject of the source (its ETag checked, its tags and size read) and, when
     * {@code overwrite} is false, of the destination. The destination's check is also sent as
     * If-None-Match: * so that S3 itself refuses a destination written between the two calls; a
     * service that ignores the header leaves that race open: a write landing between our HeadObject
     * and CopyObject is then overwritten. The copy names the source version's ETag
     * (x-amz-copy-source-if-match), so a source replaced between the two calls fails as "ETag
     * constraint not met" rather than copying content other than what was checked.
     */
    @Override
    public ObjectInfo copy(String sourceBucket, String sourceKey, String sourceVersionId, String ifMatch,
                           String bucket, String key, boolean overwrite) throws IOException {
        checkBucket(bucket);
        ObjectInfo source = head(sourceBucket, sourceKey, sourceVersionId)
                .orElseThrow(() -> StorageException.noSuchKey(sourceBucket, sourceKey));
        if (ifMatch != null && !ifMatch.equals(source.etag())) {
            throw StorageException.etagMismatch();
        }
        if (!overwrite && head(bucket, key, null).isPresent()) {
            throw alreadyExists(bucket, key);
        }
        CopyObjectResponse copied;
        try {
            copied = creatingBucket(bucket, () -> s3.copyObject(b -> b.sourceBucket(sourceBucket).sourceKey(sourceKey)
                    .sourceVersionId(source.versionId()).copySourceIfMatch(source.quotedEtag())
                    .destinationBucket(bucket).destinationKey(key).ifNoneMatch(overwrite ? null : "*")), key);
        } catch (StorageException e) {
            if (!overwrite && (e.type() == StorageException.Type.ALREADY_EXISTS
                    || isPreconditionFailure(e) && head(bucket, key, null).isPresent())) {
                throw alreadyExists(bucket, key);
            }
            throw e;
        }
        String etag = unquote(copied.copyObjectResult().eTag());
        Instant modified = copied.copyObjectResult().lastModified();
        return new ObjectInfo(bucket, key, versionWritten(bucket, copied.versionId()), etag, source.size(),
                modified == null ? clock.instant() : modified, source.tags());
    }

    @Override
    public Optional<String> delete(String bucket, String key) throws IOException {
        checkBucket(bucket);
        DeleteObjectResponse deleted;
        try {
            deleted = call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)), bucket, key);
        } catch (StorageException e) {
            if (e.type() == StorageException.Type.NOT_FOUND) {
                return Optional.empty(); // no bucket: nothing to delete, as for a missing key
            }
            throw e;
        }
        return Boolean.TRUE.equals(deleted.deleteMarker()) ? Optional.ofNullable(deleted.versionId()) : Optional.empty();
    }

    @Override
    public ObjectPage list(String bucket, String prefix, String startAfter, int maxKeys) throws IOException {
        checkBucket(bucket);
        ListObjectsV2Response page = call(() -> s3.listObjectsV2(b -> b.bucket(bucket)
                .prefix(prefix == null || prefix.isEmpty() ? null : prefix).startAfter(startAfter).maxKeys(maxKeys)),
                bucket, null);
        List<ObjectInfo> objects = new ArrayList<>();
        for (S3Object o : page.contents()) {
            objects.add(new ObjectInfo(bucket, o.key(), null, unquote(o.eTag()), o.size(), o.lastModified(), Map.of()));
        }
        boolean truncated = Boolean.TRUE.equals(page.isTruncated()) && !objects.isEmpty();
        return new ObjectPage(objects, truncated, truncated ? objects.getLast().key() : null);
    }

    @Override
    public ObjectInfo putTags(String bucket, String key, String versionId, Map<String, String> tags) throws IOException {
        checkBucket(bucket);
        ObjectTags.check(tags);
        ObjectInfo tagged = head(bucket, key, versionId).orElseThrow(() -> StorageException.noSuchKey(bucket, key));
        call(() -> s3.putObjectTagging(b -> b.bucket(bucket).key(key).versionId(tagged.versionId())
                .tagging(tagging(tags))), bucket, key);
        return new ObjectInfo(bucket, key, tagged.versionId(), tagged.etag(), tagged.size(), tagged.lastModified(),
                tags);
    }

    @Override
    public void setVersioning(String bucket, Versioning versioning) throws IOException {
        checkBucket(bucket);
        BucketVersioningStatus status = switch (versioning) {
            case ENABLED -> BucketVersioningStatus.ENABLED;
            case SUSPENDED -> BucketVersioningStatus.SUSPENDED;
            case UNVERSIONED -> throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "Versioning can be enabled or suspended, not turned off");
        };
        creatingBucket(bucket, () -> s3.putBucketVersioning(b -> b.bucket(bucket)
                .versioningConfiguration(c -> c.status(status))), null);
    }

    @Override
    public Versioning versioning(String bucket) throws IOException {
        checkBucket(bucket);
        GetBucketVersioningResponse answer;
        try {
            answer = call(() -> s3.getBucketVersioning(b -> b.bucket(bucket)), bucket, null);
        } catch (StorageException e) {
            if (e.type() == StorageException.Type.NOT_FOUND) {
                return Versioning.UNVERSIONED; // a bucket not made yet has never had versioning
            }
            throw e;
        }
        return switch (answer.status()) {
            case ENABLED -> Versioning.ENABLED;
            case SUSPENDED -> Versioning.SUSPENDED;
            case null, default -> Versioning.UNVERSIONED;
        };
    }

    /** ListObjectVersions of the key (S3 lists a key's versions newest first), with each version's tags. */
    @Override
    public List<ObjectInfo> versions(String bucket, String key) throws IOException {
        checkBucket(bucket);
        boolean unversioned = versioning(bucket) == Versioning.UNVERSIONED;
        List<ObjectInfo> all = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String fromKey = keyMarker;
            String fromVersion = versionMarker;
            ListObjectVersionsResponse page;
            try {
                page = call(() -> s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).keyMarker(fromKey)
                        .versionIdMarker(fromVersion)), bucket, null);
            } catch (StorageException e) {
                if (e.type() == StorageException.Type.NOT_FOUND) {
                    return all;
                }
                throw e;
            }
            for (ObjectVersion v : page.versions()) {
                if (v.key().equals(key)) {
                    // in a bucket that never had versioning S3 lists the one version as "null"; HeadObject
                    // and PutObject name none, and so does ObjectInfo
                    String versionId = unversioned ? null : v.versionId();
                    all.add(new ObjectInfo(bucket, key, versionId, unquote(v.eTag()), v.size(), v.lastModified(),
                            tags(bucket, key, v.versionId())));
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return all;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    /** The buckets the credentials own (ListBuckets), in name order: the S3 domain's root as SFTP shows it. */
    public java.util.SortedSet<String> buckets() throws IOException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        call(() -> s3.listBuckets(), null, null).buckets().forEach(b -> names.add(b.name()));
        return names;
    }

    @Override
    public void close() {
        s3.close();
    }

    // ---------------------------------------------------------------- internals

    private Map<String, String> tags(String bucket, String key, String versionId) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : call(() -> s3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(versionId)),
                bucket, key).tagSet()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    /**
     * The version id of a write: as answered, or, when none was, "null" in a bucket whose versioning
     * is suspended (not every S3-compatible service sends x-amz-version-id: null there).
     */
    private String versionWritten(String bucket, String answered) throws IOException {
        if (answered != null) {
            return answered;
        }
        return versioning(bucket) == Versioning.UNVERSIONED ? null : "null";
    }

    /**
     * When a write lands: the LastModified of the version just written (PutObject does not answer it).
     * Asked for with If-Match so that a newer write in between is not taken for ours; then the clock.
     */
    private Instant writtenAt(String bucket, String key, String versionId, String etag) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId).ifMatch(quote(etag)))
                    .lastModified();
        } catch (S3Exception | SdkClientException e) {
            return clock.instant();
        }
    }

    private static Tagging tagging(Map<String, String> tags) {
        return Tagging.builder().tagSet(tags.entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue() == null ? "" : t.getValue()).build())
                .toList()).build();
    }

    /** A write that makes its bucket when S3 says there is none (a bucket is created by its first write). */
    private <T> T creatingBucket(String bucket, Supplier<T> write, String key) throws IOException {
        try {
            return call(write, bucket, key);
        } catch (StorageException e) {
            if (!e.getMessage().equals(StorageException.noSuchBucket(bucket).getMessage())) {
                throw e;
            }
        }
        createBucket(bucket);
        return call(write, bucket, key);
    }

    private void createBucket(String bucket) throws IOException {
        CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket);
        if (!Region.US_EAST_1.equals(region)) {
            // outside us-east-1 S3 wants the region named, or refuses with IllegalLocationConstraintException
            request.createBucketConfiguration(CreateBucketConfiguration.builder()
                    .locationConstraint(region.id()).build());
        }
        try {
            call(() -> s3.createBucket(request.build()), bucket, null);
        } catch (StorageException e) {
            if (e.type() != StorageException.Type.ALREADY_EXISTS) {
                throw e;
            }
            // made by a concurrent first write: ours goes into it
        }
    }

    /** An S3 call, its refusals as StorageExceptions of the kind Transfer reports. */
    private <T> T call(Supplier<T> request, String bucket, String key) throws IOException {
        try {
            return request.get();
        } catch (S3Exception e) {
            throw refusal(e, bucket, key);
        } catch (SdkClientException e) {
            throw new IOException("The S3 service at " + endpoint + " could not be reached: " + e.getMessage(), e);
        }
    }

    private static StorageException refusal(S3Exception e, String bucket, String key) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? e.getMessage() : e.awsErrorDetails().errorMessage();
        int status = e.statusCode();
        if ("NoSuchBucket".equals(code)) {
            return StorageException.noSuchBucket(bucket);
        }
        if ("NoSuchKey".equals(code) || "NoSuchVersion".equals(code) || status == 404 && code == null && key != null) {
            // HeadObject's 404 has no body to name the code
            return StorageException.noSuchKey(bucket, key);
        }
        if ("PreconditionFailed".equals(code) || status == 412) {
            return StorageException.etagMismatch();
        }
        if ("BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code)
                || "ConditionalRequestConflict".equals(code)) {
            return new StorageException(StorageException.Type.ALREADY_EXISTS, message, e);
        }
        if (status == 403 || "AccessDenied".equals(code)) {
            return new StorageException(StorageException.Type.PERMISSION_DENIED, message, e);
        }
        if (status == 404) {
            return new StorageException(StorageException.Type.NOT_FOUND, message, e);
        }
        if (status >= 500) {
            return new StorageException(StorageException.Type.INTERNAL_SERVER_ERROR, message, e);
        }
        return new StorageException(StorageException.Type.BAD_REQUEST, message, e);
    }

    private static boolean isPreconditionFailure(StorageException e) {
        return e.getCause() == null && "ETag constraint not met".equals(e.getMessage());
    }

    private static StorageException alreadyExists(String bucket, String key) {
        return new StorageException(StorageException.Type.ALREADY_EXISTS,
                "An object already exists at " + bucket + "/" + key + " and overwriting it was not asked for");
    }

    private static void checkBucket(String bucket) throws StorageException {
        if (!ObjectStore.isBucketName(bucket)) {
            throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "The specified bucket is not valid. (Bucket: " + bucket + ")");
        }
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }
}
