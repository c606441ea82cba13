package dev.stepwise.engine.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** Reading a mock configuration file: its structure, its keys, and the problems it names. */
class MockConfigTest {

    @Test
    void numberedAndRangedKeysPickTheResponseOfEachInvocation() throws Exception {
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {"A": {"S": "R"}, "B": {}}}},
                 "MockedResponses": {"R": {"0": {"Throw": {"Error": "E", "Cause": "C"}},
                   "1-2": {"Return": "x"}, "4": {"Return": {"y": 1}}}}}""", "f.json");
        assertThat(config.machineNames()).containsExactly("M");
        assertThat(config.testCaseNames("M")).containsExactly("A", "B");
        assertThat(config.session("M", "C")).isEmpty();
        MockSession a = config.session("M", "A").orElseThrow();
        assertThat(a.mocks("S")).isTrue();
        assertThat(a.mocks("Other")).isFalse();
    }

    @Test
    void aResponseCoversItsNumberAndInclusiveRanges() {
        MockedResponse r = new MockedResponse("R", java.util.List.of(
                new MockedResponse.Entry("0", 0, 0, new MockOutcome.Throw("E", null)),
                new MockedResponse.Entry("1-2", 1, 2, new MockOutcome.Return(new TextNode("x")))));
        assertThat(r.at(0)).containsInstanceOf(MockOutcome.Throw.class);
        assertThat(r.at(1)).contains(new MockOutcome.Return(new TextNode("x")));
        assertThat(r.at(2)).contains(new MockOutcome.Return(new TextNode("x")));
        assertThat(r.at(3)).isEmpty();
        assertThat(r.keys()).isEqualTo("0, 1-2");
    }

    @Test
    void everyProblemIsNamedByItsPlace() {
        assertThatThrownBy(() -> MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {"A": {"S": "Missing", "T": 3}}}},
                 "MockedResponse": {},
                 "MockedResponses": {"R": {"x": {"Return": 1}, "2-1": {"Return": 1},
                   "0-3": {"Return": 1}, "3": {"Return": 1}, "5": {"Return": 1, "Throw": {}},
                   "6": {"Throw": {"Cause": "c"}}}}}""", "bad.json"))
                .isInstanceOf(MockConfigException.class)
                .hasMessageContaining("mock configuration bad.json is not usable")
                .hasMessageContaining("unknown top-level field 'MockedResponse'")
                .hasMessageContaining("StateMachines.M.TestCases.A.S names the mocked response 'Missing', which "
                        + "MockedResponses does not define")
                .hasMessageContaining("StateMachines.M.TestCases.A.T must name a mocked response (a string)")
                .hasMessageContaining("the key \"x\" is not an invocation number")
                .hasMessageContaining("the range \"2-1\" ends before it starts")
                .hasMessageContaining("the keys \"0-3\" and \"3\" both cover invocation 3")
                .hasMessageContaining("MockedResponses.R.\"5\" must hold exactly one field, Return or Throw")
                .hasMessageContaining("MockedResponses.R.\"6\".Throw.Error must be a string");
    }

    @Test
    void notJsonIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> MockConfig.parse("{\"StateMachines\": ", "x.json"))
                .isInstanceOf(MockConfigException.class).hasMessageContaining("x.json is not valid JSON")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> MockConfig.parse("{\"StateMachines\": {}, \"StateMachines\": {}}", "x.json"))
                .hasMessageContaining("Duplicate field 'StateMachines'");
        assertThatThrownBy(() -> MockConfig.parse("{\"MockedResponses\": {}}", "x.json"))
                .hasMessageContaining("StateMachines is missing");
        assertThatThrownBy(() -> MockConfig.parse("{\"StateMachines\": {\"M\": {}}}", "x.json"))
                .hasMessageContaining("StateMachines.M.TestCases is missing");
    }
}
