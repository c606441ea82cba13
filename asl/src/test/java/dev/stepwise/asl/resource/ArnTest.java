package dev.stepwise.asl.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ARNs: parsed in one place, read by their parts, given back as the same text. */
class ArnTest {

    @Test
    void aStateMachineArnHasItsPartsTypeAndName() {
        Arn arn = Arn.of("arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
        assertThat(arn).isEqualTo(new Arn("aws", "states", "us-east-1", "123456789012", "stateMachine:Orders"));
        assertThat(arn.resourceType()).isEqualTo("stateMachine");
        assertThat(arn.resourceName()).isEqualTo("Orders");
        assertThat(arn.qualifier()).isNull();
        assertThat(arn.prefix()).isEqualTo("arn:aws:states:us-east-1:123456789012:");
    }

    @Test
    void aVersionOrAliasIsTheStateMachinesQualifier() {
        Arn version = Arn.of("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:3");
        assertThat(version.resourceName()).isEqualTo("Orders");
        assertThat(version.qualifier()).isEqualTo("3");
        assertThat(version.withoutQualifier().toString()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
        assertThat(Arn.of("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:prod").qualifier()).isEqualTo("prod");
    }

    @Test
    void withQualifierReplacesOrAddsTheQualifier() {
        Arn machine = Arn.of("arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
        assertThat(machine.withQualifier("2").toString()).isEqualTo(machine + ":2");
        assertThat(machine.withQualifier("2").withQualifier("live").toString()).isEqualTo(machine + ":live");
        assertThat(machine.withoutQualifier()).isSameAs(machine);
        assertThatThrownBy(() -> Arn.of("arn:aws:s3:::bucket").withQualifier("x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExecutionArnNamesItsMachineAndItsName() {
        Arn arn = Arn.of("arn:aws:states:eu-west-1:111122223333:execution:Orders:run-1");
        assertThat(arn.resourceType()).isEqualTo("execution");
        assertThat(arn.resourceName()).isEqualTo("Orders");
        assertThat(arn.qualifier()).isEqualTo("run-1");
        assertThat(arn.region()).isEqualTo("eu-west-1");
        assertThat(arn.account()).isEqualTo("111122223333");
    }

    @Test
    void anExpressExecutionArnKeepsNameAndIdInItsQualifier() {
        Arn arn = Arn.of("arn:aws:states:us-east-1:123456789012:express:Orders:run-1:0f8e2c1a-8f43-4b2e-9d7a-1c2b3d4e5f60");
        assertThat(arn.resourceType()).isEqualTo("express");
        assertThat(arn.resourceName()).isEqualTo("Orders");
        assertThat(arn.qualifier()).isEqualTo("run-1:0f8e2c1a-8f43-4b2e-9d7a-1c2b3d4e5f60");
    }

    @Test
    void anActivityArnHasItsName() {
        Arn arn = Arn.of("arn:aws:states:us-east-1:123456789012:activity:Worker");
        assertThat(arn.resourceType()).isEqualTo("activity");
        assertThat(arn.resourceName()).isEqualTo("Worker");
        assertThat(arn.qualifier()).isNull();
    }

    @Test
    void aMapRunArnKeepsTheSlashInItsName() {
        Arn arn = Arn.of("arn:aws:states:us-east-1:123456789012:mapRun:Orders/Items:5f4dcc3b-5aa7-4b1e-9a2c-000000000001");
        assertThat(arn.resourceType()).isEqualTo("mapRun");
        assertThat(arn.resourceName()).isEqualTo("Orders/Items");
        assertThat(arn.qualifier()).isEqualTo("5f4dcc3b-5aa7-4b1e-9a2c-000000000001");
    }

    @Test
    void aFunctionArnMayCarryAVersionOrAlias() {
        Arn arn = Arn.of("arn:aws:lambda:us-east-1:123456789012:function:Hello:live");
        assertThat(arn.service()).isEqualTo("lambda");
        assertThat(arn.resourceType()).isEqualTo("function");
        assertThat(arn.resourceName()).isEqualTo("Hello");
        assertThat(arn.qualifier()).isEqualTo("live");
    }

    @Test
    void theResourcePartKeepsEveryColonAndSlash() {
        Arn arn = Arn.of("arn:aws:events:us-east-1:123456789012:connection/stripe/0b1c:x:y");
        assertThat(arn.resource()).isEqualTo("connection/stripe/0b1c:x:y");
        assertThat(Arn.of("arn:aws:s3:::bucket/key").resourceType()).isEqualTo("bucket/key");
        assertThat(Arn.of("arn:aws:s3:::bucket/key").resourceName()).isNull();
    }

    @Test
    void aGlobalServiceHasNoRegionOrAccount() {
        Arn arn = Arn.of("arn:aws:states:::aws-sdk:dynamodb:putItem");
        assertThat(arn.region()).isEmpty();
        assertThat(arn.account()).isEmpty();
        assertThat(arn.resource()).isEqualTo("aws-sdk:dynamodb:putItem");
        assertThat(Arn.of("arn:aws:iam::123456789012:role/r").region()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "aws-cn", "aws-us-gov"})
    void everyPartitionIsRead(String partition) {
        Arn arn = Arn.of("arn:" + partition + ":states:cn-north-1:123456789012:activity:Worker");
        assertThat(arn.partition()).isEqualTo(partition);
        assertThat(arn.prefix()).isEqualTo("arn:" + partition + ":states:cn-north-1:123456789012:");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
        "arn:aws:states:us-east-1:123456789012:stateMachine:Orders:",
        "arn:aws:states:us-east-1:123456789012:express:Orders:run-1:0f8e2c1a",
        "arn:aws:states:::states:startExecution.sync:2",
        "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:F:1",
        "arn:aws:events:us-east-1:123456789012:connection/stripe/0b1c",
        "arn:x:y:::z",
    })
    void theTextComesBackUnchanged(String text) {
        assertThat(Arn.of(text).toString()).isEqualTo(text);
        assertThat(Arn.parse(text)).contains(Arn.of(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "createToken", "arn:aws", "arn:aws:states", "arn:aws:states:us-east-1:123456789012",
        "arn:aws:states:us-east-1:123456789012:", "arn::states:us-east-1:1:activity:A", "arn:aws::us-east-1:1:activity:A",
        "ARN:aws:states:us-east-1:1:activity:A", " arn:aws:states:us-east-1:1:activity:A", "${FunctionArn}",
        "arn:aws:s3:::", "arn:a:b:c:d", "arn:::::x", "arn:"})
    void malformedTextIsNoArn(String text) {
        assertThat(Arn.parse(text)).isEmpty();
        assertThatThrownBy(() -> Arn.of(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResourceMayHoldAnyCharacter() {
        assertThat(Arn.of("arn:aws:states:us-east-1:1:activity:line\nbreak").resourceName()).isEqualTo("line\nbreak");
        assertThat(Arn.of("arn:aws:s3:::: ").resource()).isEqualTo(": ");
    }

    /**
     * The rule the parser follows, as one regular expression: partition and service not empty,
     * region and account possibly empty, none holding ':', then a resource of at least one
     * character of any kind. Strings made of the characters that matter are read alike.
     */
    @Test
    void textIsReadAsTheArnFormReadsIt() {
        Pattern form = Pattern.compile("arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)", Pattern.DOTALL);
        char[] alphabet = {'a', ':', '\n', ' '};
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "" : "arn:");
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            Matcher m = form.matcher(text);
            Optional<Arn> expected = m.matches()
                    ? Optional.of(new Arn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
                    : Optional.empty();
            assertThat(Arn.parse(text.toString())).as(text.toString()).isEqualTo(expected);
        }
    }

    @Test
    void nullIsNoArn() {
        assertThat(Arn.parse(null)).isEmpty();
    }

    @Test
    void partsThatWouldMisreadAreRefused() {
        assertThatThrownBy(() -> new Arn("aws", "states", "us:east", "1", "activity:A"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Arn("aws", "", "", "", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Arn("aws", "s3", "", "", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withResourceKeepsPartitionServiceRegionAndAccount() {
        Arn machine = Arn.of("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Orders:3");
        assertThat(machine.withResource("execution:" + machine.resourceName() + ":run-1").toString())
                .isEqualTo("arn:aws-cn:states:cn-north-1:123456789012:execution:Orders:run-1");
    }
}
