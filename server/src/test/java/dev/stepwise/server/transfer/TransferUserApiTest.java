package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectExists;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.transfer.sftp.SshKeys;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.DescribedUser;
import software.amazon.awssdk.services.transfer.model.HomeDirectoryMapEntry;
import software.amazon.awssdk.services.transfer.model.HomeDirectoryType;
import software.amazon.awssdk.services.transfer.model.ListedUser;
import software.amazon.awssdk.services.transfer.model.MapType;
import software.amazon.awssdk.services.transfer.model.Tag;

/**
 * A server's users through the AWS SDK: CreateUser, DescribeUser, ListUsers across pages,
 * UpdateUser, DeleteUser, ImportSshPublicKey, DeleteSshPublicKey, the rules on homes and keys,
 * and their errors.
 */
class TransferUserApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer";
    private static final String KEY = SshKeys.publicKeyLine(SshKeys.generateRsa(2048).getPublic()) + " alice@laptop";
    private static TransferClient transfer;
    private static String serverId;

    @BeforeAll
    static void start() {
        transfer = server.fixture().transfer("test", Region.US_EAST_1);
        serverId = transfer.createServer(r -> { }).serverId();
    }

    private static DescribedUser describe(String name) {
        return transfer.describeUser(r -> r.serverId(serverId).userName(name)).user();
    }

    @Test
    void aUserIsDescribedAsItWasCreated() {
        var created = transfer.createUser(r -> r.serverId(serverId).userName("alice").role(ROLE)
                .homeDirectory("/bucket-a/home/alice").sshPublicKeyBody(KEY).policy("{\"Version\": \"2012-10-17\"}")
                .posixProfile(p -> p.uid(1001L).gid(1001L).secondaryGids(2001L, 2002L))
                .tags(Tag.builder().key("team").value("data").build()));
        assertThat(created.serverId()).isEqualTo(serverId);
        assertThat(created.userName()).isEqualTo("alice");
        DescribedUser u = describe("alice");
        assertThat(u.arn()).isEqualTo("arn:aws:transfer:us-east-1:123456789012:user/" + serverId + "/alice");
        assertThat(u.userName()).isEqualTo("alice");
        assertThat(u.role()).isEqualTo(ROLE);
        assertThat(u.homeDirectory()).isEqualTo("/bucket-a/home/alice");
        assertThat(u.homeDirectoryType()).isEqualTo(HomeDirectoryType.PATH);
        assertThat(u.policy()).isEqualTo("{\"Version\": \"2012-10-17\"}");
        assertThat(u.posixProfile().uid()).isEqualTo(1001L);
        assertThat(u.posixProfile().secondaryGids()).containsExactly(2001L, 2002L);
        assertThat(u.sshPublicKeys()).hasSize(1);
        assertThat(u.sshPublicKeys().get(0).sshPublicKeyId()).matches("key-[0-9a-f]{17}");
        assertThat(u.sshPublicKeys().get(0).sshPublicKeyBody()).isEqualTo(KEY);
        assertThat(u.sshPublicKeys().get(0).dateImported()).isNotNull();
        assertThat(u.tags()).containsExactly(Tag.builder().key("team").value("data").build());
        assertThat(transfer.describeServer(r -> r.serverId(serverId)).server().userCount()).isPositive();
    }

    @Test
    void aLogicalHomeHasMappingsAndOnlyItHasThem() {
        HomeDirectoryMapEntry chroot = HomeDirectoryMapEntry.builder().entry("/").target("/bucket-a/bob").build();
        transfer.createUser(r -> r.serverId(serverId).userName("bob").role(ROLE)
                .homeDirectoryType(HomeDirectoryType.LOGICAL).homeDirectoryMappings(chroot,
                        HomeDirectoryMapEntry.builder().entry("/report.csv").target("/bucket-b/r.csv")
                                .type(MapType.FILE).build()));
        DescribedUser bob = describe("bob");
        assertThat(bob.homeDirectoryType()).isEqualTo(HomeDirectoryType.LOGICAL);
        assertThat(bob.homeDirectoryMappings()).hasSize(2);
        assertThat(bob.homeDirectoryMappings().get(0)).isEqualTo(chroot);
        assertThat(bob.homeDirectoryMappings().get(1).type()).isEqualTo(MapType.FILE);

        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("carol").role(ROLE)
                        .homeDirectoryType(HomeDirectoryType.LOGICAL)), "InvalidRequestException",
                "HomeDirectoryMappings must be provided when HomeDirectoryType is LOGICAL");
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("carol").role(ROLE)
                        .homeDirectoryMappings(chroot)), "InvalidRequestException",
                "HomeDirectoryMappings can only be set when HomeDirectoryType is LOGICAL");
        expectNotFound(() -> describe("carol"), "Unknown user", "carol", "User");
    }

    @Test
    void theModelsConstraintsAreValidationErrors() {
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("dave")), "ValidationException",
                "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be "
                        + "null");
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("-dave").role(ROLE)),
                "ValidationException", "1 validation error detected: Value '-dave' at 'userName' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: [\\w][\\w@.-]{2,99}");
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("dave").role(ROLE)
                        .homeDirectory("bucket/no-slash")), "ValidationException",
                "1 validation error detected: Value 'bucket/no-slash' at 'homeDirectory' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: (|/.*)");
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("dave").role(ROLE)
                        .sshPublicKeyBody("not a key")), "ValidationException",
                "1 validation error detected: Value at 'sshPublicKeyBody' failed to satisfy constraint: Member must "
                        + "satisfy regular expression pattern: \\s*(ssh|ecdsa)-[a-z0-9-]+[ \\t]+(([A-Za-z0-9+/]{4})*"
                        + "([A-Za-z0-9+/]{1,3})?(={0,3})?)(\\s*|[ \\t]+[\\S \\t]*\\s*)");
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("dave").role(ROLE)
                        .posixProfile(p -> p.uid(-1L).gid(1L))), "ValidationException",
                "1 validation error detected: Value '-1' at 'posixProfile.uid' failed to satisfy constraint: Member "
                        + "must have value greater than or equal to 0");
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("dave").role(ROLE)
                        .homeDirectoryType(HomeDirectoryType.LOGICAL).homeDirectoryMappings(
                                HomeDirectoryMapEntry.builder().entry("relative").target("/b").build())),
                "ValidationException", "1 validation error detected: Value 'relative' at "
                        + "'homeDirectoryMappings.1.member.entry' failed to satisfy constraint: Member must satisfy "
                        + "regular expression pattern: /.*");
        expectNotFound(() -> describe("dave"), "Unknown user", "dave", "User");
    }

    @Test
    void aKeyThatLooksRightButIsNotAKeyIsRefused() {
        expectError(() -> transfer.createUser(r -> r.serverId(serverId).userName("erin").role(ROLE)
                        .sshPublicKeyBody("ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB erin")), "InvalidRequestException",
                "Unsupported or invalid SSH public key format");
        expectNotFound(() -> describe("erin"), "Unknown user", "erin", "User");
    }

    @Test
    void aUserNameIsTakenOncePerServer() {
        transfer.createUser(r -> r.serverId(serverId).userName("frank").role(ROLE));
        expectExists(() -> transfer.createUser(r -> r.serverId(serverId).userName("frank").role(ROLE)),
                "User already exists", "frank", "User");
        String other = transfer.createServer(r -> { }).serverId();
        transfer.createUser(r -> r.serverId(other).userName("frank").role(ROLE));
        assertThat(transfer.describeUser(r -> r.serverId(other).userName("frank")).user().arn())
                .endsWith(":user/" + other + "/frank");
    }

    @Test
    void unknownServersAndUsersAreNotFound() {
        String unknown = "s-0123456789abcdef0";
        expectNotFound(() -> transfer.createUser(r -> r.serverId(unknown).userName("gina").role(ROLE)),
                "Unknown server", unknown, "Server");
        expectNotFound(() -> transfer.listUsers(r -> r.serverId(unknown)), "Unknown server", unknown, "Server");
        expectNotFound(() -> describe("nobody"), "Unknown user", "nobody", "User");
        expectNotFound(() -> transfer.updateUser(r -> r.serverId(serverId).userName("nobody").role(ROLE)),
                "Unknown user", "nobody", "User");
        expectNotFound(() -> transfer.deleteUser(r -> r.serverId(serverId).userName("nobody")), "Unknown user",
                "nobody", "User");
        expectNotFound(() -> transfer.importSshPublicKey(r -> r.serverId(serverId).userName("nobody")
                .sshPublicKeyBody(KEY)), "Unknown user", "nobody", "User");
    }

    @Test
    void sshPublicKeysAreImportedAndDeleted() {
        transfer.createUser(r -> r.serverId(serverId).userName("hank").role(ROLE).sshPublicKeyBody(KEY));
        String second = SshKeys.publicKeyLine(SshKeys.generateRsa(2048).getPublic());
        var imported = transfer.importSshPublicKey(r -> r.serverId(serverId).userName("hank").sshPublicKeyBody(second));
        assertThat(imported.serverId()).isEqualTo(serverId);
        assertThat(imported.userName()).isEqualTo("hank");
        assertThat(imported.sshPublicKeyId()).matches("key-[0-9a-f]{17}");
        assertThat(describe("hank").sshPublicKeys()).extracting(k -> k.sshPublicKeyBody()).containsExactly(KEY, second);
        String firstId = describe("hank").sshPublicKeys().get(0).sshPublicKeyId();
        expectExists(() -> transfer.importSshPublicKey(r -> r.serverId(serverId).userName("hank")
                .sshPublicKeyBody(KEY.replace(" alice@laptop", " another comment"))), "SSH public key already exists",
                firstId, "SshPublicKey");
        expectError(() -> transfer.importSshPublicKey(r -> r.serverId(serverId).userName("hank")
                        .sshPublicKeyBody("ssh-ed25519 AAAA")), "InvalidRequestException",
                "Unsupported or invalid SSH public key format");

        transfer.deleteSshPublicKey(r -> r.serverId(serverId).userName("hank").sshPublicKeyId(firstId));
        assertThat(describe("hank").sshPublicKeys()).extracting(k -> k.sshPublicKeyId())
                .containsExactly(imported.sshPublicKeyId());
        expectNotFound(() -> transfer.deleteSshPublicKey(r -> r.serverId(serverId).userName("hank")
                .sshPublicKeyId(firstId)), "Unknown SSH public key", firstId, "SshPublicKey");
        expectError(() -> transfer.deleteSshPublicKey(r -> r.serverId(serverId).userName("hank")
                        .sshPublicKeyId("key-1")), "ValidationException", null);
    }

    @Test
    void updateUserChangesWhatItIsGivenAndKeepsTheRest() {
        transfer.createUser(r -> r.serverId(serverId).userName("ivan").role(ROLE).homeDirectory("/bucket-a/ivan")
                .sshPublicKeyBody(KEY));
        String otherRole = "arn:aws:iam::123456789012:role/other";
        var updated = transfer.updateUser(r -> r.serverId(serverId).userName("ivan").role(otherRole));
        assertThat(updated.userName()).isEqualTo("ivan");
        DescribedUser u = describe("ivan");
        assertThat(u.role()).isEqualTo(otherRole);
        assertThat(u.homeDirectory()).isEqualTo("/bucket-a/ivan");
        assertThat(u.sshPublicKeys()).hasSize(1);

        expectError(() -> transfer.updateUser(r -> r.serverId(serverId).userName("ivan")
                        .homeDirectoryType(HomeDirectoryType.LOGICAL)), "InvalidRequestException",
                "HomeDirectoryMappings must be provided when HomeDirectoryType is LOGICAL");
        assertThat(describe("ivan").homeDirectoryType()).isEqualTo(HomeDirectoryType.PATH);

        transfer.updateUser(r -> r.serverId(serverId).userName("ivan").homeDirectoryType(HomeDirectoryType.LOGICAL)
                .homeDirectoryMappings(HomeDirectoryMapEntry.builder().entry("/").target("/bucket-a/ivan").build()));
        assertThat(describe("ivan").homeDirectoryMappings()).hasSize(1);
        transfer.updateUser(r -> r.serverId(serverId).userName("ivan").homeDirectoryType(HomeDirectoryType.PATH)
                .homeDirectory("/bucket-c"));
        u = describe("ivan");
        assertThat(u.homeDirectoryType()).isEqualTo(HomeDirectoryType.PATH);
        assertThat(u.homeDirectory()).isEqualTo("/bucket-c");
        assertThat(u.hasHomeDirectoryMappings()).isFalse();
    }

    @Test
    void listUsersPagesThroughEveryUserOnce() {
        String own = transfer.createServer(r -> { }).serverId();
        for (String name : List.of("u-one", "u-two", "u-three", "u-four", "u-five")) {
            transfer.createUser(r -> r.serverId(own).userName(name).role(ROLE).homeDirectory("/b/" + name)
                    .sshPublicKeyBody(KEY));
        }
        List<ListedUser> users = transfer.listUsersPaginator(r -> r.serverId(own).maxResults(2)).users().stream()
                .toList();
        assertThat(users).extracting(ListedUser::userName)
                .containsExactly("u-five", "u-four", "u-one", "u-three", "u-two");
        ListedUser first = users.get(0);
        assertThat(first.arn()).endsWith(":user/" + own + "/u-five");
        assertThat(first.homeDirectory()).isEqualTo("/b/u-five");
        assertThat(first.homeDirectoryType()).isEqualTo(HomeDirectoryType.PATH);
        assertThat(first.role()).isEqualTo(ROLE);
        assertThat(first.sshPublicKeyCount()).isEqualTo(1);
        var page = transfer.listUsers(r -> r.serverId(own).maxResults(2));
        assertThat(page.serverId()).isEqualTo(own);
        assertThat(page.nextToken()).isNotNull();
        // a token is good for its own listing only
        expectError(() -> transfer.listUsers(r -> r.serverId(serverId).nextToken(page.nextToken())),
                "InvalidNextTokenException", "Invalid next token");
        assertThat(transfer.describeServer(r -> r.serverId(own)).server().userCount()).isEqualTo(5);
    }

    @Test
    void aDeletedUserIsGone() {
        String own = transfer.createServer(r -> { }).serverId();
        transfer.createUser(r -> r.serverId(own).userName("jack").role(ROLE));
        transfer.deleteUser(r -> r.serverId(own).userName("jack"));
        expectNotFound(() -> transfer.describeUser(r -> r.serverId(own).userName("jack")), "Unknown user", "jack",
                "User");
        assertThat(transfer.describeServer(r -> r.serverId(own)).server().userCount()).isZero();
        // and the name is free again
        transfer.createUser(r -> r.serverId(own).userName("jack").role(ROLE));
    }
}
