using Amazon.CDK;

namespace PropGrade.Cdk;

internal static class Program
{
    public static void Main()
    {
        var app = new App();
        app.Synth();
    }
}
