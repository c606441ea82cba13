package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import dev.stepwise.asl.model.QueryLanguage;

/**
 * Fields that exist in one query language only. Contract: {@link #checkFields} reports each
 * such field of the other language once; {@link #has} then answers false for it.
 */
record LanguageFields(FieldReader r, QueryLanguage language) {
    void checkFields() {
        r.node().fieldNames().forEachRemaining(field -> {
            if (r.supports(field) && !allowed(field)) {
                String other = jsonata() ? "JSONPath" : "JSONata";
                r.error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to '" + language.wireName()
                        + "', but field '" + field + "' is only supported for the '" + other + "' QueryLanguage",
                        r.location());
            }
        });
    }

    boolean allowed(String field) {
        return jsonata() ? !StateFields.JSONPATH_ONLY.contains(field) : !StateFields.JSONATA_ONLY.contains(field);
    }

    boolean has(String field) {
        return r.has(field) && allowed(field);
    }

    boolean jsonata() {
        return language == QueryLanguage.JSONATA;
    }
}
