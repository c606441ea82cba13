package dev.stepwise.engine.store;

/**
 * The resources of one type that belong to one account and region and one parent ("" for none),
 * listed in key order (or the reverse): always a range of the store's key, never a scan.
 */
public record ResourceRange(String account, String region, String type, String parent, boolean reverse) {

    public static ResourceRange of(String account, String region, String type) {
        return new ResourceRange(account, region, type, "", false);
    }

    public static ResourceRange children(String account, String region, String type, String parent) {
        return new ResourceRange(account, region, type, parent, false);
    }

    public ResourceRange reversed() {
        return new ResourceRange(account, region, type, parent, !reverse);
    }
}
