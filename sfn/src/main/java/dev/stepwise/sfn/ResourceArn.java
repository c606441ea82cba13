package dev.stepwise.sfn;

import dev.stepwise.api.Caller;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.resource.Arn;

/**
 * A Step Functions resource ARN as a request names it: arn:{partition}:states:{region}:{account}:{type}:{name}[:{qualifier}],
 * checked and refused as AWS words it. {@code qualifier} is the execution name of an execution ARN,
 * or the version or alias of a state machine ARN.
 */
record ResourceArn(Arn arn) {

    /** Parses and checks the resource type; InvalidArn as AWS words it otherwise. */
    static ResourceArn parse(String text, String... types) {
        Arn arn = Arn.parse(text).orElseThrow(() -> invalid("Invalid ARN prefix: " + text));
        if (!arn.partition().startsWith("aws") || !arn.service().equals("states") || arn.resourceName() == null
                || arn.resourceName().isEmpty()) {
            throw invalid("Invalid ARN prefix: " + text);
        }
        String type = arn.resourceType();
        for (String t : types) {
            if (t.equals(type)) {
                return new ResourceArn(arn);
            }
        }
        throw invalid("Resource type not valid in this context: " + type);
    }

    String region() {
        return arn.region();
    }

    String account() {
        return arn.account();
    }

    String type() {
        return arn.resourceType();
    }

    String name() {
        return arn.resourceName();
    }

    /** The version or alias of a state machine ARN, the name of an execution's; null when there is none. */
    String qualifier() {
        return arn.qualifier();
    }

    /** The ARN without its qualifier: the state machine of a version or alias ARN. */
    String unqualified() {
        return arn.withoutQualifier().toString();
    }

    /**
     * Whether the resource lives in the caller's account and region: any other is not found, as on
     * AWS, even though the store holds it.
     */
    boolean ownedBy(Caller caller) {
        return arn.region().equals(caller.region()) && arn.account().equals(caller.account());
    }

    static ServiceException invalid(String reason) {
        return ServiceException.sfn("InvalidArn", "Invalid Arn: '" + reason + "'");
    }
}
