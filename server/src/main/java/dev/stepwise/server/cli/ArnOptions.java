package dev.stepwise.server.cli;

import picocli.CommandLine.Option;

/** The region and account every command puts in the ARNs it makes (a picocli mixin). */
final class ArnOptions {
    @Option(names = "--region", defaultValue = "${env:STEPWISE_REGION:-${env:AWS_DEFAULT_REGION:-us-east-1}}",
            description = "the region in ARNs (default us-east-1)")
    String region;

    @Option(names = "--account", defaultValue = "${env:STEPWISE_ACCOUNT_ID:-${env:AWS_ACCOUNT_ID:-123456789012}}",
            description = "the account in ARNs (default 123456789012)")
    String account;
}
