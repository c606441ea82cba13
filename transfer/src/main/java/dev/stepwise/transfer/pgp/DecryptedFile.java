package dev.stepwise.transfer.pgp;

/**
 * What a decryption wrote: {@code size} bytes of plaintext, and the file name the sender's literal data
 * packet carries (often the encrypted file's original name; may be empty, and is the sender's choice, so
 * never a path to trust).
 */
public record DecryptedFile(String literalFileName, long size) {}
