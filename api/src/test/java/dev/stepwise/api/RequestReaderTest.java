package dev.stepwise.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request reader of services with PascalCase members, as AWS's front end words their violations. */
class RequestReaderTest {

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Test
    void pascalCaseMembersAreNamedInCamelCaseInViolations() throws Exception {
        RequestReader r = RequestReader.pascalCase(json("{\"Tags\": []}"), Set.of());
        r.requiredString("SecretId", 1, 10);
        r.lengthAt("Tags.1.member.Key", "", 1, 128);
        assertThatThrownBy(r::check).isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage())
                .isEqualTo("2 validation errors detected: Value null at 'secretId' failed to satisfy constraint: "
                        + "Member must not be null; Value '' at 'tags.1.member.key' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1"));
    }

    @Test
    void sensitiveMembersValuesAreNeverQuoted() throws Exception {
        RequestReader r = RequestReader.pascalCase(json("{\"SecretString\": \"hunter2hunter2\"}"),
                Set.of("SecretString"));
        r.string("SecretString", 1, 5);
        assertThatThrownBy(r::check).isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage())
                .isEqualTo("1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 5")
                .doesNotContain("hunter2"));
    }

    @Test
    void aBlobIsBase64AndItsLengthIsCountedInBytes() throws Exception {
        RequestReader r = RequestReader.pascalCase(json("{\"SecretBinary\": \"AAECAw==\"}"), Set.of("SecretBinary"));
        assertThat(r.blob("SecretBinary", 1, 4)).containsExactly(0, 1, 2, 3);
        r.check();
        RequestReader tooLong = RequestReader.pascalCase(json("{\"SecretBinary\": \"AAECAw==\"}"),
                Set.of("SecretBinary"));
        tooLong.blob("SecretBinary", 1, 3);
        assertThatThrownBy(tooLong::check).hasMessage("1 validation error detected: Value at 'secretBinary' failed "
                + "to satisfy constraint: Member must have length less than or equal to 3");
        RequestReader notBase64 = RequestReader.pascalCase(json("{\"SecretBinary\": \"%%%\"}"), Set.of());
        assertThatThrownBy(() -> notBase64.blob("SecretBinary", 1, 3)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.errorName()).isEqualTo("SerializationException"));
    }

    @Test
    void stepFunctionsMembersAreNamedAsSent() throws Exception {
        RequestReader r = new RequestReader(json("{}"));
        r.requiredString("stateMachineArn", 1, 256);
        assertThatThrownBy(r::check).hasMessageContaining("at 'stateMachineArn'");
    }
}
