package dev.stepwise.secretsmanager;

import java.time.Instant;
import java.util.List;

/**
 * A version of a secret as the secret's record lists it: its id, when it was created and its staging
 * labels (none: deprecated). Its value is kept apart (see {@link SecretsCatalog}), so listing and
 * describing secrets never reads values.
 */
record SecretVersion(String id, Instant created, List<String> stages) {

    SecretVersion {
        stages = List.copyOf(stages);
    }

    boolean has(String stage) {
        return stages.contains(stage);
    }

    SecretVersion withStages(List<String> newStages) {
        return new SecretVersion(id, created, newStages);
    }
}
