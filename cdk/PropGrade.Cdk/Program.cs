using Amazon.CDK;

namespace PropGrade.Cdk;

internal static class Program
{
    public static void Main()
    {
        var app = new App();
        var settings = PropGradeStackSettings.FromContext(app.Node);
        _ = new PropGradeStack(app, "PropGrade", settings, new StackProps
        {
            Description = "PropGrade: grades real-estate agents with a Step Functions Distributed Map.",
        });
        app.Synth();
    }
}
