package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.store.Store;
import dev.stepwise.store.Stores;
import dev.stepwise.transfer.TransferRecords.HomeMapping;
import dev.stepwise.transfer.TransferRecords.HostKeyRecord;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.SftpPort;
import dev.stepwise.transfer.TransferRecords.SshPublicKey;
import dev.stepwise.transfer.TransferRecords.UserRecord;
import dev.stepwise.transfer.TransferRecords.WorkflowDetail;
import dev.stepwise.transfer.TransferRecords.WorkflowDetails;
import dev.stepwise.transfer.TransferRecords.WorkflowRecord;
import dev.stepwise.transfer.sftp.SshKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer's records in the real catalog (SQLite): each comes back as it was stored; a server's
 * users and host keys go with it; the registry of server ids spans accounts and keeps ids unique.
 */
class TransferCatalogTest {
    private static final Caller ALICE = new Caller("111111111111", "us-east-1", null);
    private static final Caller BOB = new Caller("222222222222", "eu-west-1", null);
    private static final KeyPair HOST = SshKeys.generateRsa(2048);
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678901Z");

    @TempDir
    Path data;
    private Store store;
    private TransferCatalog catalog;

    @BeforeEach
    void open() {
        store = Stores.openSqlite(data, false);
        catalog = new TransferCatalog(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ServerRecord server(Caller caller, String id) {
        ObjectNode settings = Json.object().put("LoggingRole", "arn:aws:iam::1:role/log");
        settings.putObject("ProtocolDetails").put("PassiveIp", "AUTO");
        return new ServerRecord(TransferArns.server(caller, id), id, "ONLINE", "EFS", "SERVICE_MANAGED", "PUBLIC",
                List.of("SFTP"), List.of(new SftpPort(2222, "CLIENT_TALK_FIRST")),
                new WorkflowDetails(List.of(new WorkflowDetail("w-0123456789abcdef0", "arn:aws:iam::1:role/run")),
                        List.of()), settings, AT, 1);
    }

    private static HostKeyRecord hostKey(ServerRecord server, String id, Instant at) {
        return new HostKeyRecord(TransferArns.hostKeyOf(server.arn(), id), server.arn(), id,
                SshKeys.privateKeyText(HOST), SshKeys.fingerprint(HOST.getPublic()), "ssh-rsa", "first", at, 1);
    }

    @Test
    void aServerComesBackAsItWasStored() {
        ServerRecord s = server(ALICE, "s-0123456789abcdef0");
        catalog.createServer(s, hostKey(s, "hostkey-0123456789abcdef0", AT));
        assertThat(catalog.server(s.arn())).contains(s);
        ServerRecord stopped = s.withState("OFFLINE").withPorts(List.of(new SftpPort(2000, "SERVER_TALK_FIRST")));
        catalog.updateServer(stopped);
        ServerRecord read = catalog.server(s.arn()).orElseThrow();
        assertThat(read.state()).isEqualTo("OFFLINE");
        assertThat(read.sftpPorts()).containsExactly(new SftpPort(2000, "SERVER_TALK_FIRST"));
        assertThat(read.rowVersion()).isEqualTo(2);
        // an update from a stale read changes nothing
        assertThatThrownBy(() -> catalog.updateServer(s.withState("START_FAILED")))
                .isInstanceOf(StoreConflictException.class);
        assertThat(catalog.server(s.arn()).orElseThrow().state()).isEqualTo("OFFLINE");
    }

    @Test
    void usersHostKeysAndWorkflowsComeBackAsTheyWereStored() {
        ServerRecord s = server(ALICE, "s-0123456789abcdef0");
        HostKeyRecord first = hostKey(s, "hostkey-0123456789abcdef0", AT);
        catalog.createServer(s, first);
        ObjectNode posix = Json.object().put("Uid", 1).put("Gid", 2);
        UserRecord u = new UserRecord(TransferArns.userOf(s.arn(), "alice"), s.arn(), "alice", "arn:aws:iam::1:role/u",
                "LOGICAL", null, List.of(new HomeMapping("/", "/bucket/alice", null),
                        new HomeMapping("/f", "/bucket/f", "FILE")), "{}", posix,
                List.of(new SshPublicKey("key-0123456789abcdef0", "ssh-rsa AAAA c", AT)), 1);
        catalog.createUser(u);
        assertThat(catalog.user(u.arn())).contains(u);

        assertThat(catalog.hostKey(first.arn())).contains(first);
        HostKeyRecord later = hostKey(s, "hostkey-00000000000000000", AT.plusNanos(1000));
        catalog.createHostKey(later);
        // oldest first, to the clock's precision, whatever their ids
        assertThat(catalog.hostKeys(s.arn())).extracting(HostKeyRecord::hostKeyId)
                .containsExactly(first.hostKeyId(), later.hostKeyId());

        ArrayNode steps = (ArrayNode) Json.array().add(Json.object().put("Type", "DELETE")
                .set("DeleteStepDetails", Json.object()));
        WorkflowRecord w = new WorkflowRecord(TransferArns.workflow(ALICE, "w-0123456789abcdef0"),
                "w-0123456789abcdef0", "d", steps, null);
        catalog.createWorkflow(w);
        assertThat(catalog.workflow(w.arn())).contains(w);
    }

    @Test
    void deletingAServerDeletesItsUsersHostKeysAndRegistryRow() {
        ServerRecord s = server(ALICE, "s-0123456789abcdef0");
        HostKeyRecord key = hostKey(s, "hostkey-0123456789abcdef0", AT);
        catalog.createServer(s, key);
        UserRecord u = new UserRecord(TransferArns.userOf(s.arn(), "alice"), s.arn(), "alice", "arn:aws:iam::1:role/u",
                "PATH", "/b", List.of(), null, null, List.of(), 1);
        catalog.createUser(u);
        assertThat(catalog.userCount(s.arn())).isEqualTo(1);
        catalog.deleteServer(s);
        assertThat(catalog.server(s.arn())).isEmpty();
        assertThat(catalog.user(u.arn())).isEmpty();
        assertThat(catalog.hostKey(key.arn())).isEmpty();
        assertThat(catalog.everyServerArn()).isEmpty();
    }

    @Test
    void theRegistrySpansAccountsAndKeepsServerIdsUnique() {
        ServerRecord a = server(ALICE, "s-0123456789abcdef0");
        ServerRecord b = server(BOB, "s-fedcba9876543210f");
        catalog.createServer(a, hostKey(a, "hostkey-0123456789abcdef0", AT));
        catalog.createServer(b, hostKey(b, "hostkey-0123456789abcdef1", AT));
        assertThat(catalog.everyServerArn()).containsExactlyInAnyOrder(a.arn(), b.arn());
        assertThat(catalog.allServers(ALICE)).extracting(ServerRecord::serverId).containsExactly(a.serverId());
        ServerRecord sameIdElsewhere = server(BOB, a.serverId());
        assertThatThrownBy(() -> catalog.createServer(sameIdElsewhere,
                hostKey(sameIdElsewhere, "hostkey-0123456789abcdef2", AT))).isInstanceOf(StoreConflictException.class);
        assertThat(catalog.server(sameIdElsewhere.arn())).isEmpty();
    }
}
