package dev.stepwise.transfer.storage;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * S3's rules for object tags: at most 10 per object, keys of 1 to 128 characters and values of at
 * most 256, made of letters, digits, spaces and {@code + - = . _ : / @} (the S3Tag shapes of
 * Transfer's model use the same pattern).
 */
public final class ObjectTags {
    public static final int MAX_TAGS = 10;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private ObjectTags() {}

    /** The tags unchanged when S3 would take them; BAD_REQUEST naming the first rule broken. */
    public static Map<String, String> check(Map<String, String> tags) throws StorageException {
        if (tags.size() > MAX_TAGS) {
            throw new StorageException(StorageException.Type.BAD_REQUEST, "Object tags cannot be greater than 10");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String value = tag.getValue() == null ? "" : tag.getValue();
            if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > 128
                    || !ALLOWED.matcher(key).matches()) {
                throw new StorageException(StorageException.Type.BAD_REQUEST,
                        "The TagKey you have provided is invalid");
            }
            if (value.codePointCount(0, value.length()) > 256 || !ALLOWED.matcher(value).matches()) {
                throw new StorageException(StorageException.Type.BAD_REQUEST,
                        "The TagValue you have provided is invalid");
            }
        }
        return tags;
    }
}
