package dev.stepwise.asl.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass: copies its input to its output, or injects {@code result} (null when absent). */
public record PassState(Common common, JsonNode result, ResultFlow flow) implements State {}
