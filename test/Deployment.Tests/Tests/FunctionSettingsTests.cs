using System.Text.Json.Nodes;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>Invocation settings: retries, timeouts against the idle window, concurrency cap, the HTTP API route, log groups.</summary>
public sealed class FunctionSettingsTests
{
    private static JsonObject Evaluated(string function, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var template = Fixtures.Template;
        return template.Evaluator(parameters).Resolve(template.FunctionProperties(function))!.AsObject();
    }

    [Fact]
    public void Responder_AsyncRetriesAreOff()
    {
        // A rule invokes asynchronously; a retried session would start a second responder minutes later (docs/aws-facts.md#iot-rules-and-lambda).
        var config = Evaluated("ResponderFunction")["EventInvokeConfig"]!;

        Assert.Equal(0, (int)config["MaximumRetryAttempts"]!);
        Assert.InRange((int)config["MaximumEventAgeInSeconds"]!, 60, 120);
    }

    [Fact]
    public void Responder_TimeoutExceedsTheLongestIdleWindowPlusTheDeadlineMargin()
    {
        var template = Fixtures.Template;
        var properties = Evaluated("ResponderFunction");
        int timeout = (int)properties["Timeout"]!;
        int margin = int.Parse(EnvironmentTests.TemplateVariables("ResponderFunction")["DEADLINE_MARGIN_SECONDS"], System.Globalization.CultureInfo.InvariantCulture);
        var idle = template.Parameters["SessionIdleSeconds"]!;

        Assert.InRange(timeout, 1, 900);
        Assert.True(timeout > (int)idle["Default"]! + margin, "the default idle window must fit in one invocation");
        Assert.True(timeout > (int)idle["MaxValue"]! + margin, "every allowed idle window must fit in one invocation");
        Assert.Equal("30", EnvironmentTests.TemplateVariables("ResponderFunction")["SESSION_IDLE_SECONDS"]);
    }

    [Fact]
    public void Session_TimeoutIsShortButCoversAnStsColdStart()
        => Assert.InRange((int)Evaluated("SessionFunction")["Timeout"]!, 5, 29); // HTTP API integrations time out at 30 s

    [Fact]
    public void Responder_ReservedConcurrencyIsTheParameter_OrNoneWhenMinusOne()
    {
        Assert.Equal("20", SamTemplate.AsString(Evaluated("ResponderFunction")["ReservedConcurrentExecutions"]!));
        Assert.Equal("3", SamTemplate.AsString(Evaluated("ResponderFunction", Parameter("ResponderReservedConcurrency", "3"))["ReservedConcurrentExecutions"]!));
        Assert.Null(Evaluated("ResponderFunction", Parameter("ResponderReservedConcurrency", "-1"))["ReservedConcurrentExecutions"]);
    }

    [Fact]
    public void MemorySizes_ComeFromParameters_Default128()
    {
        // 128 MB is Lambda's minimum; bench/MemoryBench runs both Native AOT functions inside a 128 MB memory cgroup.
        Assert.Equal("128", SamTemplate.AsString(Evaluated("SessionFunction")["MemorySize"]!));
        Assert.Equal("128", SamTemplate.AsString(Evaluated("ResponderFunction")["MemorySize"]!));
        Assert.Equal("1024", SamTemplate.AsString(Evaluated("SessionFunction", Parameter("SessionMemorySize", "1024"))["MemorySize"]!));
    }

    [Fact]
    public void Session_IsServedByGetSlashOnTheHttpApi()
    {
        var events = Evaluated("SessionFunction")["Events"]!.AsObject();

        Assert.Equal(["GetSession", "RenewSession"], events.Select(e => e.Key));
        var route = events["GetSession"]!;
        Assert.Equal("HttpApi", (string?)route["Type"]);
        Assert.Null(route["Properties"]!["Auth"]); // anyone may open a channel
        Assert.Equal("GET", (string?)route["Properties"]!["Method"]);
        Assert.Equal("/", (string?)route["Properties"]!["Path"]);
        Assert.Equal("2.0", (string?)route["Properties"]!["PayloadFormatVersion"]);
        Assert.Equal("ref(SessionApi)", (string?)route["Properties"]!["ApiId"]);
    }

    [Fact]
    public void Renewal_IsPostRenewWithIamAuthorization_AndOnlyTheClientRoleMayInvokeIt()
    {
        var template = Fixtures.Template;
        var renew = Evaluated("SessionFunction")["Events"]!["RenewSession"]!["Properties"]!;
        Assert.Equal("POST", (string?)renew["Method"]);
        Assert.Equal("/renew", (string?)renew["Path"]);
        Assert.Equal("AWS_IAM", (string?)renew["Auth"]!["Authorizer"]);
        Assert.Equal("ref(SessionApi)", (string?)renew["ApiId"]);
        var api = template.Evaluator().Resolve(template.Resource("SessionApi")["Properties"])!;
        Assert.True((bool)api["Auth"]!["EnableIamAuthorizer"]!);

        var policy = template.Evaluator().Resolve(template.Resource("ClientRenewPolicy")["Properties"])!;
        Assert.Equal(["ref(ClientRole)"], IamStatement.Strings(policy["Roles"]));
        var statement = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("execute-api:Invoke", (string?)statement["Action"]);
        Assert.EndsWith("/*/POST/renew", SamTemplate.AsString(statement["Resource"]!), StringComparison.Ordinal);
    }

    [Fact]
    public void HttpApi_HasCorsFromTheParameterAndThrottling()
    {
        var template = Fixtures.Template;
        var api = template.Resource("SessionApi");
        var properties = template.Evaluator(Parameter("AllowedOrigin", "https://app.example.com")).Resolve(api["Properties"])!;

        Assert.Equal("AWS::Serverless::HttpApi", (string?)api["Type"]);
        Assert.Equal(["https://app.example.com"], IamStatement.Strings(properties["CorsConfiguration"]!["AllowOrigins"]));
        Assert.Equal(["GET", "POST"], IamStatement.Strings(properties["CorsConfiguration"]!["AllowMethods"]));
        Assert.Contains("x-amz-security-token", IamStatement.Strings(properties["CorsConfiguration"]!["AllowHeaders"]) ?? []);
        Assert.InRange((int)properties["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!, 1, 5000);
        Assert.InRange((double)properties["DefaultRouteSettings"]!["ThrottlingRateLimit"]!, 1, 10000);
        Assert.Equal("https://app.example.com", EnvironmentTests.TemplateVariables("SessionFunction", Parameter("AllowedOrigin", "https://app.example.com"))["ALLOWED_ORIGIN"]);
    }

    [Theory]
    [InlineData("SessionFunction", "SessionLogGroup")]
    [InlineData("ResponderFunction", "ResponderLogGroup")]
    public void Function_LogsAsJsonToItsOwnLogGroupWithRetention(string function, string logGroup)
    {
        var template = Fixtures.Template;
        var logging = Evaluated(function)["LoggingConfig"]!;
        var group = template.Resource(logGroup);
        var groupProperties = template.Evaluator().Resolve(group["Properties"])!;

        Assert.Equal($"ref({logGroup})", (string?)logging["LogGroup"]);
        Assert.Equal("JSON", (string?)logging["LogFormat"]);
        Assert.Equal("AWS::Logs::LogGroup", (string?)group["Type"]);
        Assert.Equal($"/aws/lambda/{SamTemplate.StackName}-{function}", (string?)groupProperties["LogGroupName"]);
        Assert.Equal("14", SamTemplate.AsString(groupProperties["RetentionInDays"]!));
    }

    private static Dictionary<string, string> Parameter(string name, string value) => new() { [name] = value };
}
