package dev.stepwise.transfer.storage;

/**
 * A bucket's versioning state as S3 has it: never enabled (writes carry no version id and replace
 * the object), {@code ENABLED} (each write gets a new version id, older versions are kept) or
 * {@code SUSPENDED} (writes get the version id "null" and replace the "null" version only).
 */
public enum Versioning { UNVERSIONED, ENABLED, SUSPENDED }
