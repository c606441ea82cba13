package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Task tokens are signed: a token names its task only under the key it was signed with, and unaltered. */
class TaskTokensTest {
    private static final String TASK = "arn:aws:states:us-east-1:123456789012:execution:m:e#3";
    private static final TaskTokens KEY = TaskTokens.signed("the store's key, 32 bytes long..".getBytes(StandardCharsets.UTF_8));

    @Test
    void aSignedTokenNamesItsTask() {
        String token = KEY.token(TASK);
        assertThat(KEY.verify(token)).contains(TASK);
        assertThat(TaskTokens.executionArn(TASK)).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:m:e");
        // deterministic: the same task, the same token (a task offered again after a restart)
        assertThat(TaskTokens.signed("the store's key, 32 bytes long..".getBytes(StandardCharsets.UTF_8)).token(TASK))
                .isEqualTo(token);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String token = TaskTokens.signed(new byte[32]).token(TASK);
        assertThat(KEY.verify(token)).isEmpty();
    }

    @Test
    void anAlteredTokenIsRefused() {
        String token = KEY.token(TASK);
        int dot = token.indexOf('.');
        String otherTask = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TASK.replace("#3", "#4")).getBytes(StandardCharsets.UTF_8));
        assertThat(KEY.verify(otherTask + token.substring(dot))).isEmpty();
        char last = token.charAt(token.length() - 1);
        // the last character of the signature carries whole bits only at some positions: change an earlier one
        char c = token.charAt(dot + 1);
        String flipped = token.substring(0, dot + 1) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 2);
        assertThat(KEY.verify(flipped)).isEmpty();
        assertThat(KEY.verify(token.substring(0, dot))).isEmpty();
        assertThat(KEY.verify(token + last)).isEmpty();
        assertThat(KEY.verify("garbage")).isEmpty();
        assertThat(KEY.verify("a.b")).isEmpty();
    }

    @Test
    void anUnsignedTokenIsTheTaskIdAloneAndNeverPassesAsSigned() {
        String unsigned = TaskTokens.UNSIGNED.token(TASK);
        assertThat(unsigned).doesNotContain(".");
        assertThat(TaskTokens.unsigned(unsigned)).contains(TASK);
        assertThat(KEY.verify(unsigned)).isEmpty();
        assertThat(TaskTokens.unsigned(KEY.token(TASK))).isEmpty();
        assertThat(TaskTokens.unsigned("not-a-token")).isEmpty();
    }
}
