package dev.stepwise.imagebuilder.document;

/**
 * One problem of a workflow document: where it is ({@code location}, a path such as
 * {@code steps[2].inputs.instanceId}, empty for the document as a whole) and a sentence that names
 * the step and field it concerns.
 */
public record DocumentProblem(String location, String message) {

    @Override
    public String toString() {
        return message;
    }
}
