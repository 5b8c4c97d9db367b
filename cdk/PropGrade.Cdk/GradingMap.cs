using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Newtonsoft.Json.Linq;

namespace PropGrade.Cdk;

/// <summary>
/// The Distributed Map with its failure tolerance always written out. CDK 2.160 renders
/// <c>ToleratedFailurePercentage</c> only when it is truthy, so the 0 this workflow needs would silently vanish from
/// the definition (Step Functions' default is also 0, but the definition should say so, and asl-validator and the
/// tests should see it).
/// </summary>
public sealed class GradingMap : DistributedMap
{
    private readonly double toleratedFailurePercentage;

    public GradingMap(Construct scope, string id, IDistributedMapProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        toleratedFailurePercentage = props.ToleratedFailurePercentage ?? 0;
    }

    public override JObject ToStateJson()
    {
        var json = base.ToStateJson();
        json["ToleratedFailurePercentage"] = toleratedFailurePercentage;
        return json;
    }
}
