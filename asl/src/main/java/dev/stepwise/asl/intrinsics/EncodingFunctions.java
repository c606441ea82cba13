package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * States.Base64Encode, States.Base64Decode ("Intrinsics for data encoding and decoding") and
 * States.Hash ("Intrinsic for hash calculation").
 */
final class EncodingFunctions {
    /** "a data string of up to 10,000 characters" (Base64Encode, Base64Decode); "10,000 characters or less" (Hash). */
    static final int MAX_INPUT = 10_000;
    /** "The hashing algorithm you specify can be any of the following algorithms". */
    static final Set<String> ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private EncodingFunctions() {}

    /** The UTF-8 bytes of the string in Base64 with padding ("Data to encode" gives "RGF0YSB0byBlbmNvZGU="). */
    static JsonNode base64Encode(Invocation call) {
        String data = limited(call, 0);
        return Json.text(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** The Base64 text decoded as UTF-8 ("" gives "", as AWS recorded); text that is not Base64 is invalid. */
    static JsonNode base64Decode(Invocation call) {
        String data = limited(call, 0);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw call.invalid();
        }
        return Json.text(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The digest of the string's UTF-8 bytes in lower-case hex; AWS recorded
     * "812f45842bc6d66ee14572ce20db8e86" for MD5 of "input data". Algorithm names are matched
     * exactly.
     */
    static JsonNode hash(Invocation call) {
        String data = limited(call, 0);
        String algorithm = call.string(1);
        if (!ALGORITHMS.contains(algorithm)) {
            throw call.invalid();
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
            return Json.text(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides " + algorithm, e);
        }
    }

    private static String limited(Invocation call, int i) {
        String data = call.string(i);
        if (data.length() > MAX_INPUT) {
            throw call.invalid();
        }
        return data;
    }
}
