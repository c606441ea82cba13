package dev.stepwise.engine.store;

/**
 * A resource of a face's catalog (a state machine, an activity, a Map run; later a Transfer server
 * or an Image Builder workflow): its ARN, the account and region it belongs to, its type, the
 * resource it belongs to ({@code parent}, "" for none), the key that orders it among its siblings
 * and makes it unique there ({@code key}: a name, or a zero-padded number), the version of the
 * row (1 on creation, one more with each change) and its body, a JSON document the face writes and
 * reads. The store indexes the first six and never looks inside the body.
 */
public record Resource(String arn, String account, String region, String type, String parent, String key,
                       long version, String body) {

    /** The same resource with another body (the version is the store's to bump). */
    public Resource withBody(String newBody) {
        return new Resource(arn, account, region, type, parent, key, version, newBody);
    }
}
