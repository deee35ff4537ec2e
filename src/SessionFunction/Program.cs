using Realtime.Lambda;
using Realtime.Lambda.Events;
using SessionFunction;

// Lambda runs this executable (Handler = assembly name "SessionFunction"); init happens once per process.
await LambdaBootstrap.RunAsync(
    (environment, logger) => SessionStartup.Create(environment, logger).HandleAsync,
    SessionJsonContext.Default.JsonElement,
    ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
