package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.CONNECTOR_ID;
import static dev.stepwise.transfer.ModelRules.CONNECTOR_SECURITY_POLICY_NAME;
import static dev.stepwise.transfer.ModelRules.IP_ADDRESS_TYPES;
import static dev.stepwise.transfer.ModelRules.ROLE;
import static dev.stepwise.transfer.ModelRules.SECRET_ID;
import static dev.stepwise.transfer.ModelRules.TRUSTED_HOST_KEY;
import static dev.stepwise.transfer.ModelRules.URL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.transfer.TransferRecords.ConnectorRecord;
import dev.stepwise.transfer.connector.ConnectorTarget;
import dev.stepwise.transfer.connector.SftpConnections;
import dev.stepwise.transfer.connector.SftpUrl;
import dev.stepwise.transfer.connector.TrustedHostKeys;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * CreateConnector, DescribeConnector, ListConnectors, UpdateConnector, DeleteConnector and
 * TestConnection: SFTP connectors to remote servers on the internet (SERVICE_MANAGED egress, ACTIVE
 * as soon as created). AS2 connectors and VPC Lattice egress are refused with
 * InvalidRequestException. A connector's settings count from its next file; deleting a connector
 * leaves its transfers' results (their files fail from then on: CONNECTOR_NOT_FOUND).
 */
final class ConnectorOperations {
    /** AWS's limit on MaxConcurrentConnections (the model sets only the minimum, 1). */
    static final int MAX_CONCURRENT_CONNECTIONS = 5;
    /** The egress address DescribeConnector shows: the connector's connections leave from this host. */
    static final String EGRESS_ADDRESS = "127.0.0.1";
    private static final int ID_ATTEMPTS = 8;
    private static final int ATTEMPTS = 16;

    private final TransferContext ctx;
    private final SftpConnections connections;

    ConnectorOperations(TransferContext ctx, SftpConnections connections) {
        this.ctx = ctx;
        this.connections = connections;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateConnector", this::create);
        ops.put("DescribeConnector", this::describe);
        ops.put("ListConnectors", this::list);
        ops.put("UpdateConnector", this::update);
        ops.put("DeleteConnector", this::delete);
        ops.put("TestConnection", this::test);
    }

    /** The members CreateConnector and UpdateConnector share; null members were not sent. */
    private record Settings(String url, String accessRole, String loggingRole, boolean sftpConfig,
                            String userSecretId, List<String> trustedHostKeys, Integer maxConcurrentConnections,
                            String securityPolicyName, String ipAddressType, boolean as2Config,
                            boolean egressConfig) {

        static Settings read(TransferRequest r, boolean create) {
            String url = r.string("Url", URL);
            String accessRole = create ? r.requiredString("AccessRole", ROLE) : r.string("AccessRole", ROLE);
            String loggingRole = r.string("LoggingRole", ROLE);
            TransferRequest sftp = r.struct("SftpConfig");
            String secret = null;
            List<String> keys = null;
            Integer connections = null;
            if (sftp != null) {
                secret = sftp.string("UserSecretId", SECRET_ID);
                keys = sftp.strings("TrustedHostKeys", 0, 10, TRUSTED_HOST_KEY, null);
                connections = sftp.integer("MaxConcurrentConnections", 1, Integer.MAX_VALUE);
            }
            String policy = r.string("SecurityPolicyName", CONNECTOR_SECURITY_POLICY_NAME);
            String ipAddressType = r.enumValue("IpAddressType", IP_ADDRESS_TYPES);
            return new Settings(url, accessRole, loggingRole, sftp != null, secret, keys, connections, policy,
                    ipAddressType, r.has("As2Config"), r.has("EgressConfig"));
        }

        /** The rules beyond the model's: SFTP connectors on a URL only, keys of the types AWS trusts. */
        void check(boolean create) {
            if (as2Config) {
                throw TransferErrors.invalidRequest("AS2 connectors are not supported here: this Transfer Family "
                        + "serves SFTP connectors only (SftpConfig).");
            }
            if (egressConfig) {
                throw TransferErrors.invalidRequest("VPC Lattice connectors (EgressConfig) are not supported here: "
                        + "connectors connect to their Url directly (SERVICE_MANAGED egress).");
            }
            if (create && !sftpConfig) {
                throw TransferErrors.invalidRequest("You must specify exactly one configuration object: either for "
                        + "AS2 (As2Config) or SFTP (SftpConfig).");
            }
            if (create && (url == null || url.isEmpty())) {
                throw TransferErrors.invalidRequest("A Url is required for service-managed SFTP connectors "
                        + "(sftp://host or sftp://host:port).");
            }
            if (url != null && SftpUrl.parse(url).isEmpty()) {
                throw TransferErrors.invalidRequest("Invalid Url " + url + ": an SFTP connector's Url is "
                        + "sftp://host or sftp://host:port (port 22 when none is given).");
            }
            if (create && (userSecretId == null || userSecretId.isEmpty())) {
                throw TransferErrors.invalidRequest("SftpConfig.UserSecretId is required when creating an SFTP "
                        + "connector.");
            }
            if (trustedHostKeys != null) {
                for (String key : trustedHostKeys) {
                    if (TrustedHostKeys.parse(key).isEmpty()) {
                        throw TransferErrors.invalidRequest("Invalid trusted host key: specify the key type "
                                + "(ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384 or ecdsa-sha2-nistp521) and "
                                + "the base64 body of an RSA or ECDSA public key.");
                    }
                }
            }
            if (maxConcurrentConnections != null && maxConcurrentConnections > MAX_CONCURRENT_CONNECTIONS) {
                throw TransferErrors.invalidRequest("MaxConcurrentConnections must be between 1 and "
                        + MAX_CONCURRENT_CONNECTIONS + ".");
            }
        }
    }

    private ObjectNode create(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        Settings s = Settings.read(r, true);
        Map<String, String> tags = Tags.read(r, "Tags");
        r.check();
        s.check(true);
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            String id = ctx.ids().connectorId();
            ConnectorRecord c = new ConnectorRecord(TransferArns.connector(caller, id), id, s.url(), s.accessRole(),
                    s.loggingRole(), s.userSecretId(), s.trustedHostKeys() == null ? List.of() : s.trustedHostKeys(),
                    s.maxConcurrentConnections() == null ? 1 : s.maxConcurrentConnections(), s.securityPolicyName(),
                    s.ipAddressType(), 0);
            try {
                ctx.catalog().createConnector(c);
            } catch (StoreConflictException taken) {
                continue;
            }
            if (!tags.isEmpty()) {
                ctx.catalog().tag(c.arn(), tags);
            }
            return Json.object().put("ConnectorId", id);
        }
        throw new StoreConflictException("no free connector id after " + ID_ATTEMPTS + " attempts");
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        ConnectorRecord c = requireConnector(ctx, caller, connectorId(body));
        ObjectNode o = Json.object();
        ObjectNode d = o.putObject("Connector");
        d.put("Arn", c.arn());
        d.put("ConnectorId", c.connectorId());
        d.put("Url", c.url());
        d.put("AccessRole", c.accessRole());
        if (c.loggingRole() != null) {
            d.put("LoggingRole", c.loggingRole());
        }
        Tags.put(d, ctx.catalog().tags(c.arn()));
        ObjectNode sftp = d.putObject("SftpConfig");
        sftp.put("UserSecretId", c.userSecretId());
        ArrayNode keys = sftp.putArray("TrustedHostKeys");
        c.trustedHostKeys().forEach(keys::add);
        sftp.put("MaxConcurrentConnections", c.maxConcurrentConnections());
        d.putArray("ServiceManagedEgressIpAddresses").add(EGRESS_ADDRESS);
        if (c.securityPolicyName() != null) {
            d.put("SecurityPolicyName", c.securityPolicyName());
        }
        d.put("EgressType", "SERVICE_MANAGED");
        d.put("Status", "ACTIVE");
        d.put("IpAddressType", c.ipAddressType() == null ? "IPV4" : c.ipAddressType());
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        TransferPaging paging = TransferPaging.read(r);
        r.check();
        String scope = "ListConnectors";
        Page<ConnectorRecord> page = ctx.catalog().listConnectors(caller, paging.after(ctx.tokens(), caller, scope),
                paging.limit());
        ObjectNode o = Json.object();
        TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.next());
        ArrayNode list = o.putArray("Connectors");
        for (ConnectorRecord c : page.items()) {
            list.addObject().put("Arn", c.arn()).put("ConnectorId", c.connectorId()).put("Url", c.url());
        }
        return o;
    }

    private ObjectNode update(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String id = r.requiredString("ConnectorId", CONNECTOR_ID);
        Settings s = Settings.read(r, false);
        r.check();
        s.check(false);
        change(caller, id, c -> new ConnectorRecord(c.arn(), c.connectorId(), or(s.url(), c.url()),
                or(s.accessRole(), c.accessRole()), or(s.loggingRole(), c.loggingRole()),
                s.userSecretId() == null || s.userSecretId().isEmpty() ? c.userSecretId() : s.userSecretId(),
                or(s.trustedHostKeys(), c.trustedHostKeys()),
                or(s.maxConcurrentConnections(), c.maxConcurrentConnections()),
                or(s.securityPolicyName(), c.securityPolicyName()), or(s.ipAddressType(), c.ipAddressType()),
                c.rowVersion()));
        return Json.object().put("ConnectorId", id);
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        ConnectorRecord c = requireConnector(ctx, caller, connectorId(body));
        ctx.catalog().delete(c.arn());
        return Json.object();
    }

    /**
     * Connects and logs in as a transfer would: 200 with Status OK ("Connection succeeded") or
     * ERROR and what went wrong, and the server's host key whenever the key exchange showed it.
     */
    private ObjectNode test(Caller caller, JsonNode body) {
        ConnectorRecord c = requireConnector(ctx, caller, connectorId(body));
        SftpConnections.TestResult result;
        try {
            result = connections.test(caller, target(c));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while testing the connection", e);
        }
        ObjectNode o = Json.object();
        o.put("ConnectorId", c.connectorId());
        o.put("Status", result.ok() ? "OK" : "ERROR");
        o.put("StatusMessage", result.message());
        if (result.hostKey() != null) {
            o.putObject("SftpConnectionDetails").put("HostKey", result.hostKey());
        }
        return o;
    }

    static ConnectorTarget target(ConnectorRecord c) {
        return new ConnectorTarget(c.arn(), c.connectorId(), c.url(), c.userSecretId(), c.trustedHostKeys());
    }

    /** Reads the connector, changes it with {@code f} and stores it, again if another change came first. */
    private void change(Caller caller, String id, UnaryOperator<ConnectorRecord> f) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConnectorRecord c = requireConnector(ctx, caller, id);
            try {
                ctx.catalog().updateConnector(f.apply(c));
                return;
            } catch (StoreConflictException raced) {
                // changed or deleted meanwhile: read it again
            }
        }
        throw TransferErrors.conflict("The connector " + id + " is being changed by another request; try again");
    }

    private static String connectorId(JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String id = r.requiredString("ConnectorId", CONNECTOR_ID);
        r.check();
        return id;
    }

    static ConnectorRecord requireConnector(TransferContext ctx, Caller caller, String id) {
        return ctx.catalog().connector(TransferArns.connector(caller, id))
                .orElseThrow(() -> TransferErrors.unknownConnector(id));
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
