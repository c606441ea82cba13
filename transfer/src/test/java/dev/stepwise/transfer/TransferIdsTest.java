package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Transfer's ids: their prefixes and 17 lowercase hex digits, drawn from the injected source. */
class TransferIdsTest {

    @Test
    void idsHaveTransfersFormsAndTheModelsPatterns() {
        TransferIds ids = new TransferIds(new SplittableRandom(1));
        for (int i = 0; i < 200; i++) {
            String server = ids.serverId();
            assertThat(server).matches("s-[0-9a-f]{17}");
            assertThat(ModelRules.SERVER_ID.matches(server)).isTrue();
            assertThat(ids.workflowId()).matches("w-[0-9a-f]{17}");
            assertThat(ids.hostKeyId()).matches("hostkey-[0-9a-f]{17}");
            assertThat(ids.sshPublicKeyId()).matches("key-[0-9a-f]{17}");
        }
    }

    @Test
    void theSameSourceGivesTheSameIds() {
        TransferIds a = new TransferIds(new SplittableRandom(42));
        TransferIds b = new TransferIds(new SplittableRandom(42));
        for (int i = 0; i < 10; i++) {
            assertThat(a.serverId()).isEqualTo(b.serverId());
        }
        assertThat(new TransferIds(new SplittableRandom(43)).serverId()).isNotEqualTo(
                new TransferIds(new SplittableRandom(42)).serverId());
    }

    @Test
    void idsDoNotRepeat() {
        TransferIds ids = new TransferIds(new SplittableRandom(7));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.workflowId())).isTrue();
        }
    }
}
