package dev.stepwise.transfer;

import java.util.List;

/** The Transfer service model's constraints on the members this face reads (service-2.json, 2018-11-05). */
final class ModelRules {
    private ModelRules() {}

    static final StringRule SERVER_ID = StringRule.of(19, 19, "s-([0-9a-f]{17})");
    static final StringRule USER_NAME = StringRule.of(3, 100, "[\\w][\\w@.-]{2,99}");
    static final StringRule WORKFLOW_ID = StringRule.of(19, 19, "w-([a-z0-9]{17})");
    static final StringRule HOST_KEY_ID = StringRule.of(25, 25, "hostkey-[0-9a-f]{17}");
    static final StringRule SSH_PUBLIC_KEY_ID = StringRule.of(21, 21, "key-[0-9a-f]{17}");
    static final StringRule SSH_PUBLIC_KEY_BODY = StringRule.of(0, 2048,
            "\\s*(ssh|ecdsa)-[a-z0-9-]+[ \\t]+(([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{1,3})?(={0,3})?)(\\s*|[ \\t]+[\\S \\t]*\\s*)");
    static final StringRule HOST_KEY = StringRule.length(0, 4096);
    static final StringRule HOST_KEY_DESCRIPTION = StringRule.of(0, 200, "[\\p{Print}]*");
    static final StringRule ROLE = StringRule.of(20, 2048, "arn:.*role/\\S+");
    static final StringRule NULLABLE_ROLE = StringRule.of(0, 2048, "(|arn:.*role/\\S+)");
    static final StringRule ARN = StringRule.of(20, 1600, "arn:\\S+");
    static final StringRule CERTIFICATE = StringRule.length(0, 1600);
    static final StringRule SECURITY_POLICY_NAME = StringRule.of(0, 100,
            "Transfer[A-Za-z0-9]*SecurityPolicy-[A-Za-z0-9-]+");
    static final StringRule LOGIN_BANNER = StringRule.of(0, 4096, "[\\x09-\\x0D\\x20-\\x7E]*");
    static final StringRule PASSIVE_IP = StringRule.length(0, 15);
    static final StringRule HOME_DIRECTORY = StringRule.of(0, 1024, "(|/.*)");
    static final StringRule MAP_ENTRY = StringRule.of(0, 1024, "/.*");
    static final StringRule MAP_TARGET = StringRule.of(0, 1024, "/.*");
    static final StringRule POLICY = StringRule.length(0, 2048);
    static final StringRule TAG_KEY = StringRule.length(0, 128);
    static final StringRule TAG_VALUE = StringRule.length(0, 256);
    static final StringRule NEXT_TOKEN = StringRule.length(1, 6144);
    static final StringRule WORKFLOW_DESCRIPTION = StringRule.of(0, 256, "[\\w- ]*");
    static final StringRule STEP_NAME = StringRule.of(0, 30, "[\\w-]*");
    static final StringRule SOURCE_FILE_LOCATION = StringRule.of(0, 256, "\\$\\{(\\w+.)+\\w+\\}");
    static final StringRule CUSTOM_STEP_TARGET = StringRule.of(0, 170, "arn:[a-z-]+:lambda:.*");
    static final StringRule S3_BUCKET = StringRule.of(3, 63, "[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9]");
    static final StringRule S3_KEY = StringRule.of(0, 1024, "[\\P{M}\\p{M}]*");
    static final StringRule S3_TAG_KEY = StringRule.of(1, 128, "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");
    static final StringRule S3_TAG_VALUE = StringRule.of(0, 256, "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");
    static final StringRule EFS_FILE_SYSTEM_ID = StringRule.of(0, 128,
            "(arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:(access-point/fsap|file-system/fs)-[0-9a-f]{8,40}|fs(ap)?-[0-9a-f]{8,40})");
    static final StringRule EFS_PATH = StringRule.of(1, 65536, "[^\\x00]+");
    static final StringRule VPC_ENDPOINT_ID = StringRule.of(22, 22, "vpce-[0-9a-f]{17}");
    static final StringRule SECURITY_GROUP_ID = StringRule.of(11, 20, "sg-[0-9a-f]{8,17}");
    static final StringRule URL = StringRule.length(0, 255);
    static final StringRule DIRECTORY_ID = StringRule.of(12, 12, "d-[0-9a-f]{10}");
    static final StringRule FUNCTION = StringRule.of(1, 170, "arn:[a-z-]+:lambda:.*");
    static final StringRule EXECUTION_ID = StringRule.of(36, 36,
            "[0-9a-fA-F]{8}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{12}");
    static final StringRule CALLBACK_TOKEN = StringRule.of(1, 64, "\\w+");
    static final StringRule CONNECTOR_ID = StringRule.of(19, 19, "c-([0-9a-f]{17})");
    static final StringRule SECRET_ID = StringRule.length(1, 2048);
    static final StringRule TRUSTED_HOST_KEY = StringRule.length(1, 2048);
    static final StringRule CONNECTOR_SECURITY_POLICY_NAME = StringRule.of(0, 100,
            "TransferSFTPConnectorSecurityPolicy-[A-Za-z0-9-]+");
    static final StringRule FILE_PATH = StringRule.of(1, 1024, "(.)+");
    static final StringRule TRANSFER_ID = StringRule.of(1, 512, "[0-9a-zA-Z./-]+");

    static final List<String> PROTOCOLS = List.of("SFTP", "FTP", "FTPS", "AS2");
    static final List<String> DOMAINS = List.of("S3", "EFS");
    static final List<String> ENDPOINT_TYPES = List.of("PUBLIC", "VPC", "VPC_ENDPOINT");
    static final List<String> IDENTITY_PROVIDER_TYPES = List.of("SERVICE_MANAGED", "API_GATEWAY",
            "AWS_DIRECTORY_SERVICE", "AWS_LAMBDA");
    static final List<String> SFTP_AUTHENTICATION_METHODS = List.of("PASSWORD", "PUBLIC_KEY",
            "PUBLIC_KEY_OR_PASSWORD", "PUBLIC_KEY_AND_PASSWORD");
    static final List<String> TLS_SESSION_RESUMPTION_MODES = List.of("DISABLED", "ENABLED", "ENFORCED");
    static final List<String> SET_STAT_OPTIONS = List.of("DEFAULT", "ENABLE_NO_OP");
    static final List<String> AS2_TRANSPORTS = List.of("HTTP");
    static final List<String> COMMUNICATION_MODES = List.of("CLIENT_TALK_FIRST", "SERVER_TALK_FIRST");
    static final List<String> DIRECTORY_LISTING_OPTIMIZATIONS = List.of("ENABLED", "DISABLED");
    static final List<String> IP_ADDRESS_TYPES = List.of("IPV4", "DUALSTACK");
    static final List<String> HOME_DIRECTORY_TYPES = List.of("PATH", "LOGICAL");
    static final List<String> MAP_TYPES = List.of("FILE", "DIRECTORY");
    static final List<String> STEP_TYPES = List.of("COPY", "CUSTOM", "TAG", "DELETE", "DECRYPT");
    static final List<String> OVERWRITE_EXISTING = List.of("TRUE", "FALSE");
    static final List<String> ENCRYPTION_TYPES = List.of("PGP");
    static final List<String> CUSTOM_STEP_STATUSES = List.of("SUCCESS", "FAILURE");

    static final long POSIX_ID_MAX = 4294967295L;
}
