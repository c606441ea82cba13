package dev.stepwise.asl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference paths (ResultPath) name one node with member and index steps; a bracketed name is
 * unescaped as Jayway JsonPath unescapes it when the same text is read as a path.
 */
class ReferencePathTest {

    @Test
    void memberAndIndexStepsInDotAndBracketNotation() {
        assertThat(ReferencePath.steps("$")).isEmpty();
        assertThat(ReferencePath.steps("$.a.b[2]")).containsExactly("a", "b", 2);
        assertThat(ReferencePath.steps("$['a.b'][0][\"c d\"]")).containsExactly("a.b", 0, "c d");
        assertThat(ReferencePath.steps("$.abc.['def ghi']")).containsExactly("abc", "def ghi");
    }

    @Test
    void bracketedNamesAreUnescapedAsJaywayUnescapesThem() {
        assertThat(ReferencePath.steps("$['it\\'s']")).containsExactly("it's");
        assertThat(ReferencePath.steps("$[\"quo\\\"te\"]")).containsExactly("quo\"te");
        assertThat(ReferencePath.steps("$['back\\\\slash']")).containsExactly("back\\slash");
        assertThat(ReferencePath.steps("$['tab\\there']")).containsExactly("tab\there");
        assertThat(ReferencePath.steps("$['\\u0041\\q']")).containsExactly("Aq");
        assertThat(ReferencePath.steps("$['a]b']")).containsExactly("a]b");
    }

    @Test
    void pathsThatCanSelectSeveralNodesOrNoneAreNotReferencePaths() {
        for (String text : List.of("$..a", "$.a[*]", "$.a[1:2]", "$.a[?(@.b)]", "$['a','b']", "$.", "$.a.", "$[-1]",
                "$['open", "$['bad\\u00']", "$[a]", "$$.Execution", "$var.a", "a.b", "$.a b")) {
            assertThat(ReferencePath.steps(text)).as(text).isNull();
        }
    }

    @Test
    void theNamesWrittenAreTheNamesAPathReads() {
        String text = "$['it\\'s'][\"quo\\\"te\"]['back\\\\slash']";
        JsonPathExpr path = JsonPathExpr.compile(text, false);
        assertThat(path.rendered()).isEqualTo("$['it's'][\"quo\"te\"]['back\\slash']");
        assertThat(ReferencePath.steps(text)).containsExactly("it's", "quo\"te", "back\\slash");
    }
}
