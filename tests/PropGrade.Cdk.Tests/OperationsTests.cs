using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class OperationsTests(SynthesizedStack synth)
{
    [Fact]
    public void DeadLetterQueue_IsEncryptedKeepsEventsFourteenDaysAndRefusesPlainHttp()
    {
        synth.Template.HasResourceProperties("AWS::SQS::Queue", new Dictionary<string, object>
        {
            ["SqsManagedSseEnabled"] = true,
            ["MessageRetentionPeriod"] = 14 * 24 * 3600,
        });
        var policy = synth.Resources("AWS::SQS::QueuePolicy").Single().Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        Assert.Contains(policy, s => (string?)s!["Effect"] == "Deny" && s["Condition"]?["Bool"]?["aws:SecureTransport"]?.ToString() == "false");
    }

    [Fact]
    public void DeadLetterQueue_AcceptsEventsFromExactlyTheFourRules()
    {
        var statements = synth.Resources("AWS::SQS::QueuePolicy").Single().Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Where(s => (string?)s!["Effect"] == "Allow")
            .ToList();
        Assert.All(statements, s =>
        {
            Assert.Equal("events.amazonaws.com", (string?)s!["Principal"]!["Service"]);
            Assert.Equal("sqs:SendMessage", (string?)s["Action"]);
        });
        var sources = statements.Select(s => CfnText.Render(s!["Condition"]!["ArnEquals"]!["aws:SourceArn"])).Order().ToList();
        var rules = synth.Resources("AWS::Events::Rule").Select(r => "{" + r.LogicalId + ".Arn}").Order().ToList();
        Assert.Equal(4, rules.Count); // launch, quarterly schedule, run ended, run redriven
        Assert.Equal(rules, sources);
    }

    [Fact]
    public void AlarmTopic_HasTheEmailSubscriptionFromContext()
    {
        synth.Template.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object>
        {
            ["Protocol"] = "email",
            ["Endpoint"] = synth.Settings.AlarmEmail,
            ["TopicArn"] = new Dictionary<string, object> { ["Ref"] = synth.Id("AWS::SNS::Topic", "Alarms") },
        });
    }

    [Fact]
    public void EveryAlarm_NotifiesTheAlarmTopic_IncludingTheDeadLetterAlarm()
    {
        var topic = synth.Id("AWS::SNS::Topic", "Alarms");
        var alarms = synth.Resources("AWS::CloudWatch::Alarm").ToList();
        Assert.Equal(4, alarms.Count); // failed, timed out, aborted executions + dead letters waiting
        Assert.All(alarms, a => Assert.Equal(["{Ref:" + topic + "}"], CfnText.List(a.Resource["Properties"]!["AlarmActions"])));
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "ApproximateNumberOfMessagesVisible",
            ["Namespace"] = "AWS/SQS",
            ["Threshold"] = 1,
            ["Dimensions"] = CdkMatch.ArrayWith([CdkMatch.ObjectLike(new Dictionary<string, object> { ["Name"] = "QueueName" })]),
        });
    }
}
