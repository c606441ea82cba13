package dev.stepwise.asl.resource;

import java.util.Objects;
import java.util.Optional;

/**
 * A Task state's Resource, parsed once: an {@link Activity} (a worker polls for it), a
 * {@link LambdaFunction} ARN, a {@link ServiceIntegration}
 * ({@code arn:aws:states:::service:action[.sync|.sync:2|.waitForTaskToken]}), or {@link Unknown}:
 * whatever else the text is. This is the one answer to "what kind of resource is this?": the
 * validator refuses an Unknown resource at create time (and an integration
 * {@link IntegrationCatalog} does not recognise), so only paths that run a definition they did not
 * validate meet one; they fail its task, naming the text.
 *
 * <p>The shapes accepted are exactly the validator's: a function is
 * {@code arn:p:lambda:r:a:function:F[:qualifier]} and an activity {@code arn:p:states:r:a:activity:A},
 * each with a region or an account; an integration has neither, and its resource part is
 * {@code service:action} (service of lower-case letters, digits and dashes; action of letters,
 * digits, '_', '-' and ':') with an optional pattern suffix.
 */
public sealed interface TaskResource {

    /** The Resource exactly as the definition wrote it. */
    String text();

    /** How messages name the resource: the integration without its pattern ("aws-sdk:dynamodb:putItem"), else the text. */
    default String display() {
        return text();
    }

    /** Whether the task ends by a callback with its token ({@code .waitForTaskToken}), not by the call's answer. */
    default boolean waitsForTaskToken() {
        return this instanceof ServiceIntegration s && s.pattern() == Pattern.WAIT_FOR_TASK_TOKEN;
    }

    /** Parses a Resource; any text is some TaskResource ({@link Unknown} when it is none of the others). */
    static TaskResource parse(String text) {
        Objects.requireNonNull(text, "text");
        Optional<Arn> parsed = Arn.parse(text);
        if (parsed.isEmpty()) {
            return new Unknown(text);
        }
        Arn arn = parsed.get();
        boolean regional = !arn.region().isEmpty() || !arn.account().isEmpty();
        String rest = arn.resource();
        if (arn.service().equals("lambda") && regional && Shapes.FUNCTION.matcher(rest).matches()) {
            return new LambdaFunction(arn);
        }
        if (arn.service().equals("states") && regional && Shapes.ACTIVITY.matcher(rest).matches()) {
            return new Activity(arn);
        }
        if (arn.service().equals("states") && !regional && Shapes.INTEGRATION.matcher(rest).matches()) {
            return ServiceIntegration.of(arn);
        }
        return new Unknown(text);
    }

    /** How Step Functions waits for an integration's call: its answer, the job's end, or a callback. */
    enum Pattern {
        REQUEST_RESPONSE(""), SYNC(".sync"), SYNC2(".sync:2"), WAIT_FOR_TASK_TOKEN(".waitForTaskToken");

        private final String suffix;

        Pattern(String suffix) {
            this.suffix = suffix;
        }

        /** What the resource ends with for this pattern; "" for request-response. */
        public String suffix() {
            return suffix;
        }

        /** The pattern {@code resource} ends with. */
        static Pattern of(String resource) {
            for (Pattern p : new Pattern[] {SYNC2, SYNC, WAIT_FOR_TASK_TOKEN}) {
                if (resource.endsWith(p.suffix)) {
                    return p;
                }
            }
            return REQUEST_RESPONSE;
        }
    }

    /** {@code arn:aws:states:{region}:{account}:activity:{name}}: a worker polls for the task. */
    record Activity(Arn arn) implements TaskResource {
        @Override
        public String text() {
            return arn.toString();
        }

        public String name() {
            return arn.resourceName();
        }
    }

    /**
     * A resource Step Functions calls itself, which an integration carries out: a service
     * integration, or a Lambda function ARN (called as lambda:invoke with the state's input as payload).
     */
    sealed interface Integrated extends TaskResource {
        /** "lambda", "states", "http", "dynamodb", … (for aws-sdk: the SDK's service name). */
        String service();

        /** The API action as written ("invoke", "startExecution", "putItem"). */
        String action();

        /** Whether it is an {@code aws-sdk:} integration. */
        boolean sdk();

        Pattern pattern();

        /** The API operation the action names: "putItem" is PutItem. */
        default String operation() {
            String action = action();
            return action.isEmpty() ? action : Character.toUpperCase(action.charAt(0)) + action.substring(1);
        }
    }

    /** {@code arn:aws:lambda:{region}:{account}:function:{name}[:{version or alias}]}. */
    record LambdaFunction(Arn arn) implements Integrated {
        @Override
        public String text() {
            return arn.toString();
        }

        @Override
        public String service() {
            return "lambda";
        }

        @Override
        public String action() {
            return "invoke";
        }

        @Override
        public boolean sdk() {
            return false;
        }

        @Override
        public Pattern pattern() {
            return Pattern.REQUEST_RESPONSE;
        }
    }

    /**
     * {@code arn:aws:states:::[aws-sdk:]service:action[pattern suffix]}. {@code aws-sdk:} counts as
     * the SDK's prefix only when a service and an action follow it ("aws-sdk:s3" is service aws-sdk,
     * action s3, as the validator's shape reads it).
     */
    record ServiceIntegration(Arn arn, String service, String action, boolean sdk, Pattern pattern)
            implements Integrated {

        static ServiceIntegration of(Arn arn) {
            Pattern pattern = Pattern.of(arn.resource());
            String call = arn.resource().substring(0, arn.resource().length() - pattern.suffix().length());
            int cut = call.indexOf(':');
            String service = call.substring(0, cut);
            String action = call.substring(cut + 1);
            int sdkCut = action.indexOf(':');
            if (service.equals("aws-sdk") && sdkCut >= 0) {
                return new ServiceIntegration(arn, action.substring(0, sdkCut), action.substring(sdkCut + 1), true,
                        pattern);
            }
            return new ServiceIntegration(arn, service, action, false, pattern);
        }

        @Override
        public String text() {
            return arn.toString();
        }

        @Override
        public String display() {
            return (sdk ? "aws-sdk:" : "") + service + ":" + action;
        }

        /**
         * The resourceType the history's Task events record: the resource part up to its last ':',
         * the pattern suffix aside ("lambda", "aws-sdk:dynamodb").
         */
        public String historyType() {
            return arn.resource().substring(0, historyCut());
        }

        /** The resource the history's Task events record: the rest, suffix included ("invoke.waitForTaskToken"). */
        public String historyResource() {
            return arn.resource().substring(historyCut() + 1);
        }

        private int historyCut() {
            String r = arn.resource();
            return r.lastIndexOf(':', r.length() - 1 - pattern.suffix().length());
        }
    }

    /** Anything else (not an ARN, or an ARN of no Task resource); the history records it as resource type "unknown". */
    record Unknown(String text) implements TaskResource {
        public Unknown {
            Objects.requireNonNull(text, "text");
        }
    }
}
