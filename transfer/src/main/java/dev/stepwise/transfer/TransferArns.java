package dev.stepwise.transfer;

import dev.stepwise.api.Caller;

/**
 * Transfer's ARNs: {@code arn:aws:transfer:{region}:{account}:server/{serverId}},
 * {@code …:user/{serverId}/{userName}}, {@code …:host-key/{serverId}/{hostKeyId}},
 * {@code …:workflow/{workflowId}}, {@code …:connector/{connectorId}}.
 */
final class TransferArns {
    private TransferArns() {}

    static String server(Caller caller, String serverId) {
        return caller.arnPrefix("transfer") + "server/" + serverId;
    }

    static String user(Caller caller, String serverId, String userName) {
        return caller.arnPrefix("transfer") + "user/" + serverId + "/" + userName;
    }

    static String hostKey(Caller caller, String serverId, String hostKeyId) {
        return caller.arnPrefix("transfer") + "host-key/" + serverId + "/" + hostKeyId;
    }

    static String workflow(Caller caller, String workflowId) {
        return caller.arnPrefix("transfer") + "workflow/" + workflowId;
    }

    static String connector(Caller caller, String connectorId) {
        return caller.arnPrefix("transfer") + "connector/" + connectorId;
    }

    /** The user ARN of {@code userName} on the server {@code serverArn} names. */
    static String userOf(String serverArn, String userName) {
        return serverArn.replace(":server/", ":user/") + "/" + userName;
    }

    /** The host key ARN of {@code hostKeyId} on the server {@code serverArn} names. */
    static String hostKeyOf(String serverArn, String hostKeyId) {
        return serverArn.replace(":server/", ":host-key/") + "/" + hostKeyId;
    }
}
