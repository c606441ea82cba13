package dev.stepwise.imagebuilder.document;

/** An output of a workflow document: its name and value (usually a step output's variable). */
public record WorkflowOutput(String name, InputValue value) {}
