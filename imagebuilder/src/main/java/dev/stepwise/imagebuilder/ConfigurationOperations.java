package dev.stepwise.imagebuilder;

import static dev.stepwise.imagebuilder.Shapes.CLIENT_TOKEN;
import static dev.stepwise.imagebuilder.Shapes.RESOURCE_NAME;
import static dev.stepwise.imagebuilder.Shapes.TAG_MAP;
import static dev.stepwise.imagebuilder.Shapes.bool;
import static dev.stepwise.imagebuilder.Shapes.integer;
import static dev.stepwise.imagebuilder.Shapes.listOf;
import static dev.stepwise.imagebuilder.Shapes.nonEmpty;
import static dev.stepwise.imagebuilder.Shapes.oneOf;
import static dev.stepwise.imagebuilder.Shapes.pattern;
import static dev.stepwise.imagebuilder.Shapes.struct;
import static dev.stepwise.imagebuilder.Shapes.tags;
import static dev.stepwise.imagebuilder.Shapes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.RecordCatalog.Stored;
import dev.stepwise.imagebuilder.RecordPages.Listed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Create, Get, List, Update and Delete of one kind of named configuration: infrastructure
 * configurations ({@code …:infrastructure-configuration/NAME}) or distribution configurations
 * ({@code …:distribution-configuration/NAME}). A name is one configuration; a second create of it
 * is refused. An update replaces the configuration's settings by the request's (what it leaves
 * out is cleared or takes its default), keeps its name, tags and dateCreated, and sets
 * dateUpdated. A configuration an image uses can't be deleted.
 */
final class ConfigurationOperations {
    private static final String ACCOUNT = "^[0-9]{12}$";
    private static final String LAUNCH_TEMPLATE = "^lt-[a-z0-9-_]{17}$";
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(?:-[a-z]+)+-[0-9]+$");
    private static final int ATTEMPTS = 20;

    /**
     * A kind of configuration: its catalog type, its name in the API ("InfrastructureConfiguration"),
     * its ARN's pattern and form, the request shapes of its create (less the name, tags and client
     * token) and update (less the ARN and client token), the settings a create or update sets, in
     * the Get shape's order, with their defaults, a check of the settings beyond their shapes, and
     * its summary shape.
     */
    record Kind(String type, String apiName, String arnPattern, ArnForm arnForm, Shapes.Struct settingsShape,
                List<String> settings, Consumer<ObjectNode> defaults, Consumer<ObjectNode> check,
                Function<JsonNode, ObjectNode> summary) {

        /** The Get member and ARN member: "infrastructureConfiguration", "infrastructureConfigurationArn". */
        String member() {
            return Character.toLowerCase(apiName.charAt(0)) + apiName.substring(1);
        }

        String arnMember() {
            return member() + "Arn";
        }
    }

    @FunctionalInterface
    interface ArnForm {
        String arn(String region, String account, String name);
    }

    static final Kind INFRASTRUCTURE = new Kind(RecordCatalog.INFRASTRUCTURE_CONFIGURATION,
            "InfrastructureConfiguration", RecordArns.INFRASTRUCTURE_CONFIGURATION, RecordArns::infrastructureConfiguration,
            struct(
                    "description", nonEmpty(),
                    "instanceTypes", listOf(text(0, Integer.MAX_VALUE)),
                    "instanceProfileName!", text(1, 256, "^[\\w+=,.@-]+$"),
                    "securityGroupIds", listOf(nonEmpty()),
                    "subnetId", nonEmpty(),
                    "logging", struct("s3Logs", struct("s3BucketName", nonEmpty(), "s3KeyPrefix", nonEmpty())),
                    "keyPair", nonEmpty(),
                    "terminateInstanceOnFailure", bool(),
                    "snsTopicArn", pattern("^arn:aws[^:]*:sns:[^:]+:[0-9]{12}:[a-zA-Z0-9-_]{1,256}$"),
                    "resourceTags", tags(30),
                    "instanceMetadataOptions", struct(
                            "httpTokens", pattern("optional|required"),
                            "httpPutResponseHopLimit", integer(1, 64)),
                    "placement", struct(
                            "availabilityZone", nonEmpty(),
                            "tenancy", oneOf("default", "dedicated", "host"),
                            "hostId", nonEmpty(),
                            "hostResourceGroupArn", nonEmpty())),
            List.of("description", "instanceTypes", "instanceProfileName", "securityGroupIds", "subnetId", "logging",
                    "keyPair", "terminateInstanceOnFailure", "snsTopicArn", "resourceTags", "instanceMetadataOptions",
                    "placement"),
            settings -> {
                if (!settings.has("terminateInstanceOnFailure")) {
                    settings.put("terminateInstanceOnFailure", true);
                }
            },
            settings -> { },
            c -> {
                ObjectNode o = Json.object();
                copy(c, o, "arn", "name", "description", "dateCreated", "dateUpdated", "resourceTags", "tags",
                        "instanceTypes", "instanceProfileName", "placement");
                return o;
            });

    private static final Shapes.Struct DISTRIBUTION = struct(
            "region!", nonEmpty(),
            "amiDistributionConfiguration", struct(
                    "name", text(1, 127, "^[-_A-Za-z0-9{][-_A-Za-z0-9\\s:{}\\.]+[-_A-Za-z0-9}]$"),
                    "description", nonEmpty(),
                    "targetAccountIds", listOf(pattern(ACCOUNT), 1, 1536),
                    "amiTags", TAG_MAP,
                    "kmsKeyId", nonEmpty(),
                    "launchPermission", struct(
                            "userIds", listOf(pattern(ACCOUNT), 1, 1536),
                            "userGroups", listOf(nonEmpty()),
                            "organizationArns", listOf(pattern(
                                    "^arn:aws[^:]*:organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}$"), 1, 25),
                            "organizationalUnitArns", listOf(pattern("^arn:aws[^:]*:organizations::[0-9]{12}:ou/"
                                    + "o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}"), 1, 25))),
            "containerDistributionConfiguration", struct(
                    "description", nonEmpty(),
                    "containerTags", listOf(nonEmpty()),
                    "targetRepository!", struct("service!", oneOf("ECR"), "repositoryName!", nonEmpty())),
            "licenseConfigurationArns", listOf(pattern("^arn:aws[^:]*:license-manager:[^:]+:[0-9]{12}:"
                    + "license-configuration:lic-[a-z0-9-_]{32}$"), 1, 50),
            "launchTemplateConfigurations", listOf(struct(
                    "launchTemplateId!", pattern(LAUNCH_TEMPLATE),
                    "accountId", pattern(ACCOUNT),
                    "setDefaultVersion", bool()), 1, 100),
            "s3ExportConfiguration", struct(
                    "roleName!", nonEmpty(),
                    "diskImageFormat!", oneOf("VMDK", "RAW", "VHD"),
                    "s3Bucket!", nonEmpty(),
                    "s3Prefix", nonEmpty()),
            "fastLaunchConfigurations", listOf(struct(
                    "enabled!", bool(),
                    "snapshotConfiguration", struct("targetResourceCount", integer(1, 10000)),
                    "maxParallelLaunches", integer(1, Integer.MAX_VALUE),
                    "launchTemplate", struct(
                            "launchTemplateId", pattern(LAUNCH_TEMPLATE),
                            "launchTemplateName", nonEmpty(),
                            "launchTemplateVersion", nonEmpty()),
                    "accountId", pattern(ACCOUNT)), 1, 1000),
            "ssmParameterConfigurations", listOf(struct(
                    "amiAccountId", pattern(ACCOUNT),
                    "parameterName!", text(1, 1011, "^[a-zA-Z0-9_.\\-\\/]+$"),
                    "dataType", oneOf("text", "aws:ec2:image"))));

    static final Kind DISTRIBUTION_KIND = new Kind(RecordCatalog.DISTRIBUTION_CONFIGURATION,
            "DistributionConfiguration", RecordArns.DISTRIBUTION_CONFIGURATION, RecordArns::distributionConfiguration,
            struct("description", nonEmpty(), "distributions!", listOf(DISTRIBUTION)),
            List.of("description", "distributions"),
            settings -> settings.put("timeoutMinutes", 720),
            ConfigurationOperations::checkRegions,
            c -> {
                ObjectNode o = Json.object();
                copy(c, o, "arn", "name", "description", "dateCreated", "dateUpdated", "tags");
                ArrayNode regions = o.putArray("regions");
                c.path("distributions").forEach(d -> regions.add(d.path("region").asText()));
                return o;
            });

    private final Kind kind;
    private final RecordCatalog records;
    private final PageTokens tokens;
    private final Clock clock;
    private final Shapes.Struct createRequest;
    private final Shapes.Struct updateRequest;

    ConfigurationOperations(Kind kind, RecordCatalog records, PageTokens tokens, Clock clock) {
        this.kind = kind;
        this.records = records;
        this.tokens = tokens;
        this.clock = clock;
        this.createRequest = withMembers(kind.settingsShape(), "name!", RESOURCE_NAME, "tags", TAG_MAP,
                "clientToken!", CLIENT_TOKEN);
        this.updateRequest = withMembers(kind.settingsShape(), kind.arnMember() + "!", pattern(kind.arnPattern()),
                "clientToken!", CLIENT_TOKEN);
    }

    void register(Map<String, Operation> ops) {
        ops.put("Create" + kind.apiName(), this::create);
        ops.put("Get" + kind.apiName(), this::get);
        ops.put("List" + kind.apiName() + "s", this::list);
        ops.put("Update" + kind.apiName(), this::update);
        ops.put("Delete" + kind.apiName(), this::delete);
    }

    // ---- Create

    private ObjectNode create(Caller caller, JsonNode body) {
        String operation = "Create" + kind.apiName();
        ObjectNode request = createRequest.check("", body);
        kind.check().accept(request);
        String clientToken = request.get("clientToken").asText();
        String requestDigest = ClientTokens.requestDigest(body);
        String normalized = WorkflowArn.normalizedName(request.get("name").asText());
        String arn = kind.arnForm().arn(caller.region(), caller.account(), normalized);
        return ClientTokens.idempotently(records.catalog(), caller, operation, clientToken, requestDigest, arn,
                ATTEMPTS, () -> {
                    if (records.find(arn, kind.type()).isPresent()) {
                        throw ImageBuilderErrors.resourceAlreadyExists(kind.apiName(), arn);
                    }
                    ObjectNode configuration = Json.object();
                    configuration.put("arn", arn).put("name", request.get("name").asText());
                    settings(request, configuration);
                    configuration.put("dateCreated", WorkflowViews.dateTime(clock.instant()));
                    configuration.set("tags", request.has("tags") ? request.get("tags") : Json.object());
                    return Optional.of(new ClientTokens.Write(List.of(RecordCatalog.create(arn, caller.account(),
                            caller.region(), kind.type(), normalized, configuration)),
                            Json.object().put("clientToken", clientToken).put(kind.arnMember(), arn)));
                });
    }

    /** Copies the request's settings into {@code configuration} in the Get shape's order, with the kind's defaults. */
    private void settings(ObjectNode request, ObjectNode configuration) {
        ObjectNode settings = Json.object();
        copy(request, settings, kind.settings().toArray(String[]::new));
        kind.defaults().accept(settings);
        configuration.setAll(settings);
    }

    // ---- Get

    private ObjectNode get(Caller caller, JsonNode body) {
        Stored found = find(caller, ComponentOperations.arn(body, kind.arnMember(), kind.arnPattern()));
        ObjectNode o = Json.object();
        o.set(kind.member(), found.body());
        return o;
    }

    private Stored find(Caller caller, String arn) {
        return RecordArns.accountAndRegion(arn)
                .filter(ar -> ar[0].equals(caller.account()) && ar[1].equals(caller.region())
                        && arn.startsWith("arn:aws:"))
                .flatMap(ar -> records.find(arn, kind.type()))
                .orElseThrow(() -> ComponentOperations.notFound(arn));
    }

    // ---- List

    private ObjectNode list(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        List<Filters.Filter> filters = Filters.read(r, List.of("name"));
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "List" + kind.apiName() + "s/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        Listed listed = RecordPages.rows(records, caller, kind.type(), position, limit,
                s -> filters.stream().allMatch(f -> f.values().stream().anyMatch(v -> WorkflowArn.normalizedName(v)
                        .equals(WorkflowArn.normalizedName(s.body().path("name").asText()))))
                        ? Optional.of(kind.summary().apply(s.body())) : Optional.empty());
        return RecordPages.answer(tokens, caller, scope, kind.member() + "SummaryList", listed);
    }

    // ---- Update

    private ObjectNode update(Caller caller, JsonNode body) {
        String operation = "Update" + kind.apiName();
        ObjectNode request = updateRequest.check("", body);
        kind.check().accept(request);
        String arn = request.get(kind.arnMember()).asText();
        String clientToken = request.get("clientToken").asText();
        String requestDigest = ClientTokens.requestDigest(body);
        return ClientTokens.idempotently(records.catalog(), caller, operation, clientToken, requestDigest, arn,
                ATTEMPTS, () -> {
                    Stored found = find(caller, arn);
                    ObjectNode configuration = Json.object();
                    configuration.put("arn", arn).set("name", found.body().get("name"));
                    settings(request, configuration);
                    configuration.set("dateCreated", found.body().get("dateCreated"));
                    configuration.put("dateUpdated", WorkflowViews.dateTime(clock.instant()));
                    configuration.set("tags", found.body().get("tags"));
                    // written at the version read: another change of this configuration meanwhile is a conflict
                    return Optional.of(new ClientTokens.Write(List.of(found.withBody(configuration)),
                            Json.object().put("clientToken", clientToken).put(kind.arnMember(), arn)));
                });
    }

    // ---- Delete

    private ObjectNode delete(Caller caller, JsonNode body) {
        String arn = ComponentOperations.arn(body, kind.arnMember(), kind.arnPattern());
        for (int attempt = 1; ; attempt++) {
            Stored found = find(caller, arn);
            if (records.inUse(found)) {
                throw ImageBuilderErrors.resourceDependency(arn);
            }
            try {
                records.apply(List.of(found.unchanged(), new ResourceChange.Delete(arn)));
                return Json.object().put(kind.arnMember(), arn);
            } catch (StoreConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw ImageBuilderErrors.busy();
                }
            }
        }
    }

    // ---- helpers

    /** Each distribution names a region of AWS's form, and no region twice. */
    private static void checkRegions(ObjectNode request) {
        Set<String> seen = new HashSet<>();
        JsonNode distributions = request.path("distributions");
        for (int i = 0; i < distributions.size(); i++) {
            String region = distributions.get(i).get("region").asText();
            if (!REGION.matcher(region).matches()) {
                throw ImageBuilderErrors.invalidParameterValue("distributions[" + i + "].region", "'" + region
                        + "' is not a region.");
            }
            if (!seen.add(region)) {
                throw ImageBuilderErrors.invalidParameterValue("distributions", "The region '" + region
                        + "' has more than one distribution; give each region once.");
            }
        }
    }

    /** {@code shape} with more members, given as name, shape, …, before its own. */
    static Shapes.Struct withMembers(Shapes.Struct shape, Object... namesAndShapes) {
        List<Object> all = new ArrayList<>(List.of(namesAndShapes));
        shape.members().forEach((name, member) -> {
            all.add(shape.required().contains(name) ? name + "!" : name);
            all.add(member);
        });
        return struct(all.toArray());
    }

    private static void copy(JsonNode from, ObjectNode to, String... members) {
        for (String m : members) {
            if (from.has(m)) {
                to.set(m, from.get(m));
            }
        }
    }
}
