using System.Text.Json;
using Realtime.Lambda.Events;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using SessionFunction.Configuration;
using SessionFunction.Credentials;
using SessionFunction.Sessions;

namespace SessionFunction.Tests.Support;

/// <summary>
/// What the handler tests share: a logger to assert on, the invocation context that logs to it, handlers built from
/// <see cref="TestSettings"/>, and reading a response's endpoint URL.
/// </summary>
internal sealed class HandlerHarness
{
    public HandlerHarness(string requestId = "req-1", TimeSpan? remainingTime = null)
        => Context = new TestLambdaContext { Logger = Logger, AwsRequestId = requestId, RemainingTime = remainingTime ?? TimeSpan.FromSeconds(30) };

    /// <summary>Every line the handler logged.</summary>
    public TestLambdaLogger Logger { get; } = new();

    /// <summary>The context every invocation gets.</summary>
    public TestLambdaContext Context { get; }

    /// <summary>
    /// The handler as <see cref="SessionStartup"/> wires it, on <see cref="TestSettings.Environment"/> with
    /// <paramref name="overrides"/>, a given credentials issuer and the clock stopped at <see cref="TestSettings.Now"/>.
    /// </summary>
    public static SessionHandler Handler(ICredentialsIssuer issuer, params (string Name, string? Value)[] overrides)
    {
        SessionConfig config = SessionConfig.From(TestSettings.Environment(overrides));
        return new SessionHandler(new SessionIssuer(config, issuer, new ManualTimeProvider(TestSettings.Now)), config.AllowedOrigin, config.ClientRole);
    }

    /// <summary>Invokes <paramref name="handler"/> with the API Gateway event <paramref name="json"/>.</summary>
    public Task<APIGatewayHttpApiV2ProxyResponse> InvokeAsync(SessionHandler handler, string json)
        => handler.HandleAsync(GatewayEvents.Parse(json), Context);

    /// <summary>The presigned URL in a session response's body.</summary>
    public static Uri EndpointUrl(APIGatewayHttpApiV2ProxyResponse response)
    {
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        return new Uri(body.RootElement.GetProperty("endpointUrl").GetString()!);
    }
}
