package dev.stepwise.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import dev.stepwise.models.ServiceModel;
import dev.stepwise.models.Shape;
import dev.stepwise.sfn.MockResultValidator.Mode;
import org.junit.jupiter.api.Test;

/**
 * The rules a mocked Task result is checked by, on a model made for them (in the SDKs' JSON
 * format, as AWS's models are): each kind of shape, enums, lengths, ranges, nesting, and what
 * each fieldValidationMode checks.
 */
class MockResultValidatorTest {
    private static final TaskResultShape RESULT = result("""
            {'operations': {'Start': {'output': {'shape': 'Result'}}},
             'shapes': {
               'Result': {'type': 'structure', 'required': ['executionArn'], 'members': {
                  'executionArn': {'shape': 'Arn'}, 'startDate': {'shape': 'Date'},
                  'memorySize': {'shape': 'MemorySize'}, 'capacityUnits': {'shape': 'Units'},
                  'ciphertextBlob': {'shape': 'Cipher'}, 'storageClass': {'shape': 'StorageClass'},
                  'enabled': {'shape': 'Flag'}, 'entries': {'shape': 'Entries'}, 'tags': {'shape': 'Tags'},
                  'config': {'shape': 'Config'}, 'doc': {'shape': 'Doc'}}},
               'Arn': {'type': 'string', 'min': 1, 'max': 8},
               'Date': {'type': 'timestamp'},
               'MemorySize': {'type': 'integer', 'min': 128, 'max': 10240},
               'Units': {'type': 'double', 'min': 0.5},
               'Cipher': {'type': 'blob', 'min': 1, 'max': 4},
               'StorageClass': {'type': 'string', 'enum': ['STANDARD', 'GLACIER']},
               'Flag': {'type': 'boolean'},
               'Entries': {'type': 'list', 'member': {'shape': 'Entry'}, 'max': 2},
               'Entry': {'type': 'structure', 'members': {'eventId': {'shape': 'EventId'}}},
               'EventId': {'type': 'string'},
               'Tags': {'type': 'map', 'key': {'shape': 'TagKey'}, 'value': {'shape': 'EventId'}, 'min': 1},
               'TagKey': {'type': 'string', 'min': 1, 'max': 3},
               'Config': {'type': 'structure', 'required': ['name'], 'members': {'name': {'shape': 'EventId'}}},
               'Doc': {'type': 'structure', 'members': {}, 'document': true}}}
            """);

    private static TaskResultShape result(String singleQuotedModel) {
        try {
            ServiceModel model = ServiceModel.parse(Json.parse(singleQuotedModel.replace('\'', '"')));
            return new TaskResultShape(model, (Shape.Structure) model.shape(model.output("Start")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String problem(String mock, Mode mode) {
        try {
            return MockResultValidator.problem(RESULT, Json.parse(mock.replace('\'', '"')), mode);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The problem under PRESENT, where a mock need not have the required members. */
    private static String present(String mock) {
        return problem(mock, Mode.PRESENT);
    }

    // ---- the modes

    @Test
    void strictRequiresEveryRequiredMemberAtEveryLevel() {
        assertThat(problem("{}", Mode.STRICT)).isEqualTo("Field 'ExecutionArn' is required");
        assertThat(problem("{'ExecutionArn': null}", Mode.STRICT)).isEqualTo("Field 'ExecutionArn' is required");
        assertThat(problem("{'ExecutionArn': 'a', 'Config': {}}", Mode.STRICT)).isEqualTo("Field 'Name' is required");
        assertThat(problem("{'ExecutionArn': 'a', 'Config': {'Name': 'n'}}", Mode.STRICT)).isNull();
        // and checks what is present as PRESENT does
        assertThat(problem("{'ExecutionArn': 'a', 'Enabled': 'yes'}", Mode.STRICT))
                .isEqualTo("Field 'Enabled' must be a boolean");
    }

    @Test
    void presentChecksOnlyTheMembersPresent() {
        assertThat(present("{}")).isNull();
        assertThat(present("{'Config': {}}")).isNull();
        assertThat(present("{'Enabled': 'yes'}")).isEqualTo("Field 'Enabled' must be a boolean");
    }

    @Test
    void noneChecksNothing() {
        assertThat(problem("{'Enabled': 'yes', 'MemorySize': 1}", Mode.NONE)).isNull();
    }

    // ---- each kind of shape

    @Test
    void aMemberMustBeOfItsShapesJsonKind() {
        assertThat(present("{'ExecutionArn': 1764103483}")).isEqualTo("Field 'ExecutionArn' must be a string");
        assertThat(present("{'MemorySize': '512'}")).isEqualTo("Field 'MemorySize' must be a number");
        assertThat(present("{'CapacityUnits': '123.45'}")).isEqualTo("Field 'CapacityUnits' must be a number");
        assertThat(present("{'Enabled': 1}")).isEqualTo("Field 'Enabled' must be a boolean");
        assertThat(present("{'Entries': 'not a list'}")).isEqualTo("Field 'Entries' must be an array");
        assertThat(present("{'Config': ['not', 'an', 'object']}")).isEqualTo("Field 'Config' must be an object");
        assertThat(present("{'Tags': 'not a map'}")).isEqualTo("Field 'Tags' must be an object");
        assertThat(present("{'ExecutionArn': 'a', 'MemorySize': 512, 'CapacityUnits': 1, 'Enabled': false, "
                + "'Entries': [], 'Config': {}, 'Tags': {'k': 'v'}}")).isNull();
    }

    @Test
    void aTimestampIsAString() {
        assertThat(present("{'StartDate': true}")).isEqualTo("Field 'StartDate' must be a string");
        assertThat(present("{'StartDate': 1700000000}")).isEqualTo("Field 'StartDate' must be a string");
        assertThat(present("{'StartDate': '2024-01-01T12:00:00.123456'}")).isNull();
    }

    @Test
    void aBlobIsAStringWithinTheBlobsLength() {
        assertThat(present("{'CiphertextBlob': 123}")).isEqualTo("Field 'CiphertextBlob' must be a string");
        assertThat(present("{'CiphertextBlob': ''}")).isEqualTo("Field 'CiphertextBlob' is smaller than the minimum length");
        assertThat(present("{'CiphertextBlob': 'AQID'}")).isNull();
        assertThat(present("{'CiphertextBlob': 'AQIDBA=='}")).isEqualTo("Field 'CiphertextBlob' exceeds the maximum length");
    }

    @Test
    void aDocumentTakesAnyJson() {
        assertThat(present("{'Doc': [1, {'a': null}]}")).isNull();
        assertThat(present("{'Doc': 'text'}")).isNull();
    }

    // ---- enums, lengths and ranges

    @Test
    void anEnumTakesOnlyItsValues() {
        assertThat(present("{'StorageClass': 'Papyrus'}")).isEqualTo("Field 'StorageClass' is not an expected value");
        assertThat(present("{'StorageClass': 'standard'}")).isEqualTo("Field 'StorageClass' is not an expected value");
        assertThat(present("{'StorageClass': 'GLACIER'}")).isNull();
    }

    @Test
    void aStringsLengthInCharactersIsWithinItsBounds() {
        assertThat(present("{'ExecutionArn': ''}")).isEqualTo("Field 'ExecutionArn' is smaller than the minimum length");
        assertThat(present("{'ExecutionArn': '123456789'}")).isEqualTo("Field 'ExecutionArn' exceeds the maximum length");
        assertThat(present("{'ExecutionArn': '12345678'}")).isNull();
        // a character outside the Basic Multilingual Plane is one character
        assertThat(present("{'ExecutionArn': '\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00'}")).isNull();
    }

    @Test
    void aListsOrMapsNumberOfItemsIsWithinItsBounds() {
        assertThat(present("{'Entries': [{}, {}, {}]}")).isEqualTo("Field 'Entries' exceeds the maximum length");
        assertThat(present("{'Tags': {}}")).isEqualTo("Field 'Tags' is smaller than the minimum length");
    }

    @Test
    void aNumberIsWithinItsRange() {
        assertThat(present("{'MemorySize': 127}")).isEqualTo("Field 'MemorySize' is less than the minimum value");
        assertThat(present("{'MemorySize': 10241}")).isEqualTo("Field 'MemorySize' exceeds the maximum value");
        assertThat(present("{'MemorySize': 128}")).isNull();
        assertThat(present("{'MemorySize': 10240}")).isNull();
        assertThat(present("{'CapacityUnits': 0.4}")).isEqualTo("Field 'CapacityUnits' is less than the minimum value");
        assertThat(present("{'CapacityUnits': 0.5}")).isNull();
    }

    // ---- nesting and naming

    @Test
    void eachItemOfAListIsCheckedAndNamedByItsOwnMember() {
        assertThat(present("{'Entries': [{'EventId': 'ok'}, {'EventId': ['not a string']}]}"))
                .isEqualTo("Field 'EventId' must be a string");
        // an item that is not of the list's kind is named by the list
        assertThat(present("{'Entries': [{'EventId': 'ok'}, 'not an entry']}")).isEqualTo("Field 'Entries' must be an object");
        assertThat(present("{'Entries': [null, {'EventId': 'ok'}]}")).isNull();
    }

    @Test
    void eachEntryOfAMapIsCheckedAndNamedByItsKey() {
        assertThat(present("{'Tags': {'env': 1}}")).isEqualTo("Field 'env' must be a string");
        assertThat(present("{'Tags': {'toolong': 'v'}}")).isEqualTo("Field 'toolong' exceeds the maximum length");
        assertThat(present("{'Tags': {'env': 'prod'}}")).isNull();
    }

    @Test
    void membersAreNamedInPascalCaseAsTaskResultsNameThem() {
        // the model's executionArn is ExecutionArn in a task result; executionArn is a field the API lacks
        assertThat(present("{'executionArn': 1}")).isNull();
        assertThat(present("{'ExecutionArn': 1}")).isEqualTo("Field 'ExecutionArn' must be a string");
        assertThat(problem("{'executionArn': 'a'}", Mode.STRICT)).isEqualTo("Field 'ExecutionArn' is required");
    }

    @Test
    void fieldsTheApiLacksAndNullsAreNotChecked() {
        assertThat(present("{'random': 'json', 'SdkHttpMetadata': {'HttpStatusCode': 200}}")).isNull();
        assertThat(present("{'MemorySize': null, 'Config': null}")).isNull();
    }

    @Test
    void theFirstProblemInTheMocksOwnOrderIsReported() {
        assertThat(present("{'Enabled': 1, 'MemorySize': 'x'}")).isEqualTo("Field 'Enabled' must be a boolean");
        assertThat(present("{'MemorySize': 'x', 'Enabled': 1}")).isEqualTo("Field 'MemorySize' must be a number");
    }

    @Test
    void aResultThatIsNotAnObjectIsNotChecked() {
        assertThat(problem("[1, 1, 1]", Mode.STRICT)).isNull();
        assertThat(problem("\"text\"", Mode.STRICT)).isNull();
    }
}
