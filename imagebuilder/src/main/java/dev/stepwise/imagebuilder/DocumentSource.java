package dev.stepwise.imagebuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where CreateWorkflow's {@code uri} documents come from: an {@code s3://bucket/key} URL read from
 * the embedded object store, whose buckets are folders under its root and whose objects are the
 * files their keys name ({@code root/bucket/key}). Only the content is read; a key never leaves
 * its bucket's folder.
 */
final class DocumentSource {
    /** The largest document read from a URI (Image Builder's own limit is a per-account quota). */
    static final int MAX_BYTES = 1 << 20;
    private static final Pattern S3_URL = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

    private final Path objectsRoot;

    DocumentSource(Path objectsRoot) {
        this.objectsRoot = objectsRoot.toAbsolutePath().normalize();
    }

    /** The workflow document at {@code uri}; InvalidParameterValueException when it cannot be read. */
    String read(String uri) {
        return read(uri, "workflow document");
    }

    /** The document ({@code kind}, as errors name it) at {@code uri}; InvalidParameterValueException when it cannot be read. */
    String read(String uri, String kind) {
        Matcher m = S3_URL.matcher(uri);
        if (!m.matches()) {
            throw ImageBuilderErrors.invalidParameterValue("uri", "The uri must be an S3 URL of the form "
                    + "s3://bucket/key.");
        }
        Path bucket = objectsRoot.resolve(m.group(1));
        Path file = bucket.resolve(m.group(2)).normalize();
        if (!file.startsWith(bucket) || m.group(2).startsWith("/")) {
            throw ImageBuilderErrors.invalidParameterValue("uri", "The key of '" + uri + "' is not valid.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw ImageBuilderErrors.invalidParameterValue("uri", "The " + kind + " at '" + uri
                        + "' is larger than " + MAX_BYTES + " bytes.");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw ImageBuilderErrors.invalidParameterValue("uri", "The " + kind + " '" + uri + "' does not "
                    + "exist.");
        } catch (CharacterCodingException e) {
            throw ImageBuilderErrors.invalidParameterValue("uri", "The " + kind + " at '" + uri
                    + "' is not UTF-8 text.");
        } catch (IOException e) {
            throw ImageBuilderErrors.invalidParameterValue("uri", "The " + kind + " at '" + uri
                    + "' cannot be read.");
        }
    }
}
