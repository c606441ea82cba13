package dev.stepwise.sfn;

import dev.stepwise.api.Caller;
import dev.stepwise.api.ServiceException;

/**
 * A Step Functions resource ARN: arn:{partition}:states:{region}:{account}:{type}:{name}[:{qualifier}].
 * {@code qualifier} is the execution name of an execution ARN, or the version or alias of a state
 * machine ARN.
 */
record ResourceArn(String region, String account, String type, String name, String qualifier) {

    /** Parses and checks the resource type; InvalidArn as AWS words it otherwise. */
    static ResourceArn parse(String arn, String... types) {
        if (arn == null || !arn.startsWith("arn:")) {
            throw invalid("Invalid ARN prefix: " + arn);
        }
        String[] parts = arn.split(":", -1);
        if (parts.length < 7 || !parts[1].startsWith("aws") || !"states".equals(parts[2]) || parts[6].isEmpty()) {
            throw invalid("Invalid ARN prefix: " + arn);
        }
        String type = parts[5];
        boolean ok = false;
        for (String t : types) {
            ok |= t.equals(type);
        }
        if (!ok) {
            throw invalid("Resource type not valid in this context: " + type);
        }
        String qualifier = parts.length > 7 ? String.join(":", java.util.Arrays.copyOfRange(parts, 7, parts.length)) : null;
        return new ResourceArn(parts[3], parts[4], type, parts[6], qualifier);
    }

    /**
     * Whether the resource lives in the caller's account and region: any other is not found, as on
     * AWS, even though the store holds it.
     */
    boolean ownedBy(Caller caller) {
        return region.equals(caller.region()) && account.equals(caller.account());
    }

    static ServiceException invalid(String reason) {
        return ServiceException.sfn("InvalidArn", "Invalid Arn: '" + reason + "'");
    }
}
