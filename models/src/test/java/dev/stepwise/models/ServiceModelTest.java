package dev.stepwise.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the SDKs' JSON models, and reducing them to the outputs. */
class ServiceModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model in the SDKs' format, written with single quotes. */
    static JsonNode model(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final JsonNode MODEL = model("""
            {'metadata': {'serviceId': 'Example'},
             'operations': {
               'Get': {'name': 'Get', 'input': {'shape': 'GetRequest'}, 'output': {'shape': 'GetResponse'},
                       'documentation': '<p>Gets.</p>'},
               'Delete': {'name': 'Delete', 'input': {'shape': 'GetRequest'}}},
             'shapes': {
               'GetRequest': {'type': 'structure', 'members': {'Id': {'shape': 'Id'}}},
               'GetResponse': {'type': 'structure', 'required': ['item'],
                               'members': {'item': {'shape': 'Item', 'documentation': '<p>The item.</p>',
                                                    'locationName': 'itemSet'},
                                           'tags': {'shape': 'Tags'}, 'payload': {'shape': 'Doc'}}},
               'Item': {'type': 'structure', 'members': {'size': {'shape': 'Size'}, 'kind': {'shape': 'Kind'},
                        'data': {'shape': 'Data'}, 'at': {'shape': 'When'}, 'ok': {'shape': 'Flag'},
                        'parts': {'shape': 'Parts'}}},
               'Parts': {'type': 'list', 'member': {'shape': 'Kind'}, 'min': 1, 'max': 3},
               'Tags': {'type': 'map', 'key': {'shape': 'Kind'}, 'value': {'shape': 'Size'}, 'max': 50},
               'Size': {'type': 'integer', 'min': 128, 'max': 10240, 'box': true},
               'Kind': {'type': 'string', 'enum': ['A', 'B'], 'documentation': '<p>A kind.</p>'},
               'Data': {'type': 'blob', 'min': 1, 'max': 6144},
               'When': {'type': 'timestamp'},
               'Flag': {'type': 'boolean'},
               'Doc': {'type': 'structure', 'members': {}, 'document': true},
               'Id': {'type': 'string', 'min': 1, 'pattern': '[a-z]+'}}}
            """);

    @Test
    void eachOperationHasItsOutputShapeAndOperationsWithoutOneHaveNone() {
        ServiceModel m = ServiceModel.parse(MODEL);
        assertThat(m.output("Get")).isEqualTo("GetResponse");
        assertThat(m.output("Delete")).isNull();
        assertThat(m.output("Unknown")).isNull();
    }

    @Test
    void eachKindOfShapeKeepsWhatConstrainsAValue() {
        ServiceModel m = ServiceModel.parse(MODEL);
        assertThat(m.shape("GetResponse")).isEqualTo(new Shape.Structure(
                Map.of("item", "Item", "tags", "Tags", "payload", "Doc"), List.of("item")));
        assertThat(m.shape("Parts")).isEqualTo(new Shape.ListOf("Kind", bounds(1, 3)));
        assertThat(m.shape("Tags")).isEqualTo(new Shape.MapOf("Kind", "Size", new Shape.Bounds(null, BigDecimal.valueOf(50))));
        assertThat(m.shape("Size")).isEqualTo(new Shape.Numeric(bounds(128, 10240)));
        assertThat(m.shape("Kind")).isEqualTo(new Shape.Text(List.of("A", "B"), Shape.Bounds.NONE));
        assertThat(m.shape("Data")).isEqualTo(new Shape.Blob(bounds(1, 6144)));
        assertThat(m.shape("When")).isEqualTo(new Shape.Timestamp());
        assertThat(m.shape("Flag")).isEqualTo(new Shape.Bool());
        assertThat(m.shape("Doc")).isEqualTo(new Shape.Document());
    }

    @Test
    void aShapeTheModelLacksIsAnyJson() {
        assertThat(ServiceModel.parse(MODEL).shape("Nowhere")).isEqualTo(new Shape.Document());
    }

    @Test
    void reducingKeepsTheOutputsAndTheShapesTheyReachAndNothingElse() {
        JsonNode reduced = ServiceModel.reduce(MODEL);
        assertThat(reduced.path("operations").size()).isEqualTo(1);
        assertThat(reduced.path("shapes").has("GetRequest")).isFalse();
        assertThat(reduced.path("shapes").has("Id")).isFalse();
        assertThat(reduced.path("shapes").has("Kind")).isTrue();
        assertThat(reduced.toString()).doesNotContain("documentation", "locationName", "box");
        // what is kept reads as the whole model does
        ServiceModel whole = ServiceModel.parse(MODEL);
        ServiceModel kept = ServiceModel.parse(reduced);
        assertThat(kept.outputs()).isEqualTo(Map.of("Get", "GetResponse"));
        kept.shapes().forEach((name, shape) -> assertThat(shape).isEqualTo(whole.shape(name)));
        assertThat(kept.shapes()).hasSize(10);
    }

    private static Shape.Bounds bounds(long min, long max) {
        return new Shape.Bounds(BigDecimal.valueOf(min), BigDecimal.valueOf(max));
    }
}
