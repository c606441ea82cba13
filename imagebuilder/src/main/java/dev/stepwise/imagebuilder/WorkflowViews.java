package dev.stepwise.imagebuilder;

import static dev.stepwise.asl.json.Json.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.document.WorkflowParameter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The shapes workflows are answered in (Workflow, WorkflowVersion, WorkflowSummary), and those every
 * Image Builder resource shares: DateTime strings, tag maps, LatestVersionReferences.
 */
final class WorkflowViews {
    /** Image Builder's DateTime strings: ISO 8601 in UTC with milliseconds ("2026-09-09T19:55:55.731Z"). */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private WorkflowViews() {}

    static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    /** The Workflow shape of GetWorkflow. */
    static ObjectNode workflow(WorkflowRecord w) {
        ObjectNode o = Json.object();
        o.put("arn", w.arn()).put("name", w.name()).put("version", w.version().toString());
        putIfPresent(o, "description", w.description());
        putIfPresent(o, "changeDescription", w.changeDescription());
        o.put("type", w.type().name()).put("owner", w.owner()).put("data", w.data());
        putIfPresent(o, "kmsKeyId", w.kmsKeyId());
        o.put("dateCreated", dateTime(w.dateCreated()));
        o.set("tags", tags(w.tags()));
        if (!w.parameters().isEmpty()) {
            ArrayNode parameters = o.putArray("parameters");
            for (WorkflowParameter p : w.parameters()) {
                ObjectNode po = parameters.addObject().put("name", p.name()).put("type", p.type().documentName());
                if (p.defaultValue() != null) {
                    ArrayNode d = po.putArray("defaultValue");
                    p.defaultValue().forEach(d::add);
                }
                putIfPresent(po, "description", p.description());
            }
        }
        return o;
    }

    /**
     * The WorkflowVersion shape of ListWorkflows for the version of {@code latest} (its newest
     * build), under {@code versionArn}.
     */
    static ObjectNode version(WorkflowRecord latest, String versionArn) {
        ObjectNode o = Json.object();
        o.put("arn", versionArn).put("name", latest.name()).put("version", latest.version().toString());
        putIfPresent(o, "description", latest.description());
        o.put("type", latest.type().name()).put("owner", latest.owner())
                .put("dateCreated", dateTime(latest.dateCreated()));
        return o;
    }

    /** The WorkflowSummary shape of ListWorkflowBuildVersions. */
    static ObjectNode summary(WorkflowRecord w) {
        ObjectNode o = Json.object();
        o.put("arn", w.arn()).put("name", w.name()).put("version", w.version().toString());
        putIfPresent(o, "description", w.description());
        putIfPresent(o, "changeDescription", w.changeDescription());
        o.put("type", w.type().name()).put("owner", w.owner()).put("dateCreated", dateTime(w.dateCreated()));
        o.set("tags", tags(w.tags()));
        return o;
    }

    /**
     * The wildcard version ARNs that always select the newest build of this workflow overall, of
     * its major version, of its minor version and of its version.
     */
    static ObjectNode latestVersionReferences(WorkflowRecord w) {
        WorkflowArn arn = w.parsedArn();
        return latestVersionReferences(WorkflowCatalog.nameArn(arn.region(), arn.account(), arn.type(), arn.name()),
                w.version());
    }

    /**
     * The LatestVersionReferences of version {@code v} of the versioned resource (workflow,
     * component, image recipe) whose versionless ARN is {@code nameArn}: the wildcard ARNs that
     * select its newest version overall, of its major version, of its minor version, and {@code v}.
     */
    static ObjectNode latestVersionReferences(String nameArn, SemanticVersion v) {
        ObjectNode o = Json.object();
        o.put("latestVersionArn", nameArn + "/x.x.x");
        o.put("latestMajorVersionArn", nameArn + "/" + v.major() + ".x.x");
        o.put("latestMinorVersionArn", nameArn + "/" + v.major() + "." + v.minor() + ".x");
        o.put("latestPatchVersionArn", nameArn + "/" + v);
        return o;
    }

    static ObjectNode tags(Map<String, String> tags) {
        ObjectNode o = Json.object();
        tags.forEach(o::put);
        return o;
    }

}
