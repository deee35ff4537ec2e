using System.Text.Json.Nodes;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>The operator's alarm for abuse or under-provisioning: any throttled responder invocation (docs/threat-model.md).</summary>
public sealed class ThrottlesAlarmTests
{
    private static JsonObject AlarmProperties(string topic = "")
    {
        var template = Fixtures.Template;
        return (JsonObject)template.Evaluator(new Dictionary<string, string> { ["AlarmTopicArn"] = topic })
            .Resolve(template.Resource("ResponderThrottlesAlarm")["Properties"])!;
    }

    [Fact]
    public void TheAlarm_WatchesTheRespondersThrottles_AndFiresOnTheFirstOne()
    {
        Assert.Equal("AWS::CloudWatch::Alarm", (string?)Fixtures.Template.Resource("ResponderThrottlesAlarm")["Type"]);
        JsonObject alarm = AlarmProperties();

        Assert.Equal("AWS/Lambda", (string?)alarm["Namespace"]);
        Assert.Equal("Throttles", (string?)alarm["MetricName"]);
        var dimension = Assert.Single(alarm["Dimensions"]!.AsArray())!;
        Assert.Equal(("FunctionName", "ref(ResponderFunction)"), ((string?)dimension["Name"], (string?)dimension["Value"]));
        Assert.Equal("Sum", (string?)alarm["Statistic"]);
        Assert.Equal(60, (int)alarm["Period"]!);
        Assert.Equal(1, (int)alarm["EvaluationPeriods"]!);
        Assert.Equal(1, (double)alarm["Threshold"]!);
        Assert.Equal("GreaterThanOrEqualToThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]); // no invocations is not an alarm
    }

    [Fact]
    public void TheAlarm_NotifiesTheTopic_OnlyWhenOneIsGiven()
    {
        const string Topic = "arn:aws:sns:us-east-1:123456789012:ops";

        Assert.Null(AlarmProperties()["AlarmActions"]);
        Assert.Equal([Topic], AlarmProperties(Topic)["AlarmActions"]!.AsArray().Select(a => (string?)a));
        Assert.Equal([Topic], AlarmProperties(Topic)["OKActions"]!.AsArray().Select(a => (string?)a));
    }
}
