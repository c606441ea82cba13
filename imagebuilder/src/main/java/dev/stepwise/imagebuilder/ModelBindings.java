package dev.stepwise.imagebuilder;

import java.util.List;

/**
 * The HTTP bindings of every operation of Image Builder's service model (API version 2019-12-02),
 * as its {@code http} traits give them: method, path (with {@code {labels}}) and the members bound
 * to the query string (each under the member's own name). Routes are made for all of them, so an
 * operation this face does not serve yet answers an Image Builder error rather than the host's 404.
 */
final class ModelBindings {

    /** One operation's binding. */
    record Binding(String method, String path, String operationName, List<String> queryMembers) {
        Binding {
            queryMembers = List.copyOf(queryMembers);
        }
    }

    static final List<Binding> ALL = List.of(
            op("PUT", "/CancelImageCreation", "CancelImageCreation"),
            op("PUT", "/CancelLifecycleExecution", "CancelLifecycleExecution"),
            op("PUT", "/CreateComponent", "CreateComponent"),
            op("PUT", "/CreateContainerRecipe", "CreateContainerRecipe"),
            op("PUT", "/CreateDistributionConfiguration", "CreateDistributionConfiguration"),
            op("PUT", "/CreateImage", "CreateImage"),
            op("PUT", "/CreateImagePipeline", "CreateImagePipeline"),
            op("PUT", "/CreateImageRecipe", "CreateImageRecipe"),
            op("PUT", "/CreateInfrastructureConfiguration", "CreateInfrastructureConfiguration"),
            op("PUT", "/CreateLifecyclePolicy", "CreateLifecyclePolicy"),
            op("PUT", "/CreateWorkflow", "CreateWorkflow"),
            op("DELETE", "/DeleteComponent", "DeleteComponent", "componentBuildVersionArn"),
            op("DELETE", "/DeleteContainerRecipe", "DeleteContainerRecipe", "containerRecipeArn"),
            op("DELETE", "/DeleteDistributionConfiguration", "DeleteDistributionConfiguration", "distributionConfigurationArn"),
            op("DELETE", "/DeleteImage", "DeleteImage", "imageBuildVersionArn"),
            op("DELETE", "/DeleteImagePipeline", "DeleteImagePipeline", "imagePipelineArn"),
            op("DELETE", "/DeleteImageRecipe", "DeleteImageRecipe", "imageRecipeArn"),
            op("DELETE", "/DeleteInfrastructureConfiguration", "DeleteInfrastructureConfiguration", "infrastructureConfigurationArn"),
            op("DELETE", "/DeleteLifecyclePolicy", "DeleteLifecyclePolicy", "lifecyclePolicyArn"),
            op("DELETE", "/DeleteWorkflow", "DeleteWorkflow", "workflowBuildVersionArn"),
            op("PUT", "/DistributeImage", "DistributeImage"),
            op("GET", "/GetComponent", "GetComponent", "componentBuildVersionArn"),
            op("GET", "/GetComponentPolicy", "GetComponentPolicy", "componentArn"),
            op("GET", "/GetContainerRecipe", "GetContainerRecipe", "containerRecipeArn"),
            op("GET", "/GetContainerRecipePolicy", "GetContainerRecipePolicy", "containerRecipeArn"),
            op("GET", "/GetDistributionConfiguration", "GetDistributionConfiguration", "distributionConfigurationArn"),
            op("GET", "/GetImage", "GetImage", "imageBuildVersionArn"),
            op("GET", "/GetImagePipeline", "GetImagePipeline", "imagePipelineArn"),
            op("GET", "/GetImagePolicy", "GetImagePolicy", "imageArn"),
            op("GET", "/GetImageRecipe", "GetImageRecipe", "imageRecipeArn"),
            op("GET", "/GetImageRecipePolicy", "GetImageRecipePolicy", "imageRecipeArn"),
            op("GET", "/GetInfrastructureConfiguration", "GetInfrastructureConfiguration", "infrastructureConfigurationArn"),
            op("GET", "/GetLifecycleExecution", "GetLifecycleExecution", "lifecycleExecutionId"),
            op("GET", "/GetLifecyclePolicy", "GetLifecyclePolicy", "lifecyclePolicyArn"),
            op("POST", "/GetMarketplaceResource", "GetMarketplaceResource"),
            op("GET", "/GetWorkflow", "GetWorkflow", "workflowBuildVersionArn"),
            op("GET", "/GetWorkflowExecution", "GetWorkflowExecution", "workflowExecutionId"),
            op("GET", "/GetWorkflowStepExecution", "GetWorkflowStepExecution", "stepExecutionId"),
            op("PUT", "/ImportComponent", "ImportComponent"),
            op("PUT", "/ImportDiskImage", "ImportDiskImage"),
            op("PUT", "/ImportVmImage", "ImportVmImage"),
            op("POST", "/ListComponentBuildVersions", "ListComponentBuildVersions"),
            op("POST", "/ListComponents", "ListComponents"),
            op("POST", "/ListContainerRecipes", "ListContainerRecipes"),
            op("POST", "/ListDistributionConfigurations", "ListDistributionConfigurations"),
            op("POST", "/ListImageBuildVersions", "ListImageBuildVersions"),
            op("POST", "/ListImagePackages", "ListImagePackages"),
            op("POST", "/ListImagePipelineImages", "ListImagePipelineImages"),
            op("POST", "/ListImagePipelines", "ListImagePipelines"),
            op("POST", "/ListImageRecipes", "ListImageRecipes"),
            op("POST", "/ListImageScanFindingAggregations", "ListImageScanFindingAggregations"),
            op("POST", "/ListImageScanFindings", "ListImageScanFindings"),
            op("POST", "/ListImages", "ListImages"),
            op("POST", "/ListInfrastructureConfigurations", "ListInfrastructureConfigurations"),
            op("POST", "/ListLifecycleExecutionResources", "ListLifecycleExecutionResources"),
            op("POST", "/ListLifecycleExecutions", "ListLifecycleExecutions"),
            op("POST", "/ListLifecyclePolicies", "ListLifecyclePolicies"),
            op("GET", "/tags/{resourceArn}", "ListTagsForResource"),
            op("POST", "/ListWaitingWorkflowSteps", "ListWaitingWorkflowSteps"),
            op("POST", "/ListWorkflowBuildVersions", "ListWorkflowBuildVersions"),
            op("POST", "/ListWorkflowExecutions", "ListWorkflowExecutions"),
            op("POST", "/ListWorkflowStepExecutions", "ListWorkflowStepExecutions"),
            op("POST", "/ListWorkflows", "ListWorkflows"),
            op("PUT", "/PutComponentPolicy", "PutComponentPolicy"),
            op("PUT", "/PutContainerRecipePolicy", "PutContainerRecipePolicy"),
            op("PUT", "/PutImagePolicy", "PutImagePolicy"),
            op("PUT", "/PutImageRecipePolicy", "PutImageRecipePolicy"),
            op("PUT", "/RetryImage", "RetryImage"),
            op("PUT", "/SendWorkflowStepAction", "SendWorkflowStepAction"),
            op("PUT", "/StartImagePipelineExecution", "StartImagePipelineExecution"),
            op("PUT", "/StartResourceStateUpdate", "StartResourceStateUpdate"),
            op("POST", "/tags/{resourceArn}", "TagResource"),
            op("DELETE", "/tags/{resourceArn}", "UntagResource", "tagKeys"),
            op("PUT", "/UpdateDistributionConfiguration", "UpdateDistributionConfiguration"),
            op("PUT", "/UpdateImagePipeline", "UpdateImagePipeline"),
            op("PUT", "/UpdateInfrastructureConfiguration", "UpdateInfrastructureConfiguration"),
            op("PUT", "/UpdateLifecyclePolicy", "UpdateLifecyclePolicy"));

    private ModelBindings() {}

    private static Binding op(String method, String path, String operationName, String... queryMembers) {
        return new Binding(method, path, operationName, List.of(queryMembers));
    }
}
