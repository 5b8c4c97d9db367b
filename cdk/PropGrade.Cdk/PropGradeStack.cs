using Amazon.CDK;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>The whole PropGrade deployment: storage, functions, the grading workflow, the runs API and the page.</summary>
public sealed class PropGradeStack : Stack
{
    public PropGradeStack(Construct scope, string id, PropGradeStackSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Storage = new Storage(this, "Storage", settings);
        Functions = new AppFunctions(this, "Functions", settings, Storage);
        Workflow = new Workflow(this, "Workflow", settings, Storage, Functions);
        WebAndApi = new WebAndApi(this, "WebAndApi", settings, Storage, Functions);

        _ = new CfnOutput(this, "ApiKeySecretArn", new CfnOutputProps
        {
            Value = Functions.ApiKeySecret.SecretArn,
            Description = "Put the listing API key here (aws secretsmanager put-secret-value).",
        });
        _ = new CfnOutput(this, "StateMachineArn", new CfnOutputProps { Value = Workflow.StateMachine.StateMachineArn });
    }

    public Storage Storage { get; }

    public AppFunctions Functions { get; }

    public Workflow Workflow { get; }

    public WebAndApi WebAndApi { get; }
}
