package dev.stepwise.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The service models this module carries, by the name Step Functions gives a service in
 * {@code arn:aws:states:::aws-sdk:<service>:<action>} (the AWS SDK for Java 2's name for it:
 * "lambda", "eventbridge", "sfn", "cloudwatchlogs"). A service's model is read the first time it
 * is asked for, then kept.
 */
public final class ServiceModels {
    /** Where the index lies on the class path: one gzipped, reduced model per service. */
    static final String FOLDER = "dev/stepwise/models/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Optional<ServiceModel>> LOADED = new ConcurrentHashMap<>();

    private ServiceModels() {}

    /** The model of {@code service}, if this module carries one. */
    public static Optional<ServiceModel> of(String service) {
        return LOADED.computeIfAbsent(service, ServiceModels::load);
    }

    private static Optional<ServiceModel> load(String service) {
        if (!service.matches("[a-z0-9]+")) {
            return Optional.empty();
        }
        try (InputStream in = ServiceModels.class.getClassLoader().getResourceAsStream(resource(service))) {
            if (in == null) {
                return Optional.empty();
            }
            try (InputStream unzipped = new GZIPInputStream(in)) {
                return Optional.of(ServiceModel.parse(JSON.readTree(unzipped)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the model of " + service + " cannot be read", e);
        }
    }

    /** The class-path resource of a service's model. */
    static String resource(String service) {
        return FOLDER + service + ".json.gz";
    }
}
