package dev.stepwise.imagebuilder.document;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Image Builder's system variables, read as {@code $.imagebuilder.<name>} ("Use Image Builder
 * system variables"), plus {@code dateTime}, which AWS's example of string interpolation reads.
 * Names are matched without regard to case: AWS's own examples write both {@code platform} and
 * {@code Platform}.
 */
public final class SystemVariables {
    public static final List<String> NAMES = List.of("cloudWatchLogGroup", "cloudWatchLogStream",
            "collectImageMetadata", "collectImageScanFindings", "dateTime", "imageBuildNumber", "imageId", "imageName",
            "imageType", "imageVersionNumber", "instanceProfileName", "platform", "s3Logs", "securityGroups",
            "sourceImageARN", "subnetId", "terminateInstanceOnFailure", "workflowPhase", "workingDirectory");

    private SystemVariables() {}

    /** The variable's name as documented, for a name written in any case; empty when there is none. */
    public static Optional<String> canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NAMES.stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }
}
