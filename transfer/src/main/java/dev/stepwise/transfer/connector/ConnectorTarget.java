package dev.stepwise.transfer.connector;

import java.util.List;

/**
 * What a connector's work needs of the connector: where the remote server is, the secret its
 * user's credentials are in, and the host keys it trusts (read again for each file, so an update
 * counts from the next file on).
 */
public record ConnectorTarget(String connectorArn, String connectorId, String url, String userSecretId,
                              List<String> trustedHostKeys) {

    public ConnectorTarget {
        trustedHostKeys = List.copyOf(trustedHostKeys);
    }
}
