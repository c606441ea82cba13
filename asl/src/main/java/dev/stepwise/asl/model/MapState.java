package dev.stepwise.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;

/**
 * Map: runs its item processor once per item. {@code itemSelector} is ItemSelector (or the
 * legacy Parameters); {@code items} is the JSONata Items field. Numeric settings are literal,
 * by path or JSONata template; absent members are null. {@code itemReader}, {@code itemBatcher}
 * and {@code resultWriter} are kept raw. {@code processorDefinition} is the item processor as a
 * definition of its own (what a distributed Map run's child executions run).
 */
public record MapState(Common common, Block processor, Mode mode, String executionType,
                       PathField itemsPath, Template items, Template itemSelector,
                       ResultFlow flow, ErrorHandling errors,
                       Template maxConcurrency, JsonPathExpr maxConcurrencyPath,
                       Template toleratedFailureCount, JsonPathExpr toleratedFailureCountPath,
                       Template toleratedFailurePercentage, JsonPathExpr toleratedFailurePercentagePath,
                       String label, JsonNode itemReader, JsonNode itemBatcher, JsonNode resultWriter,
                       String processorDefinition)
        implements State {

    public enum Mode { INLINE, DISTRIBUTED }
}
